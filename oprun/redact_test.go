package oprun_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/runtruth/runtruth/oprun"
)

type redactCase struct {
	name, in, want string
}

// redactCases is the redaction table: what must go, and what must stay.
func redactCases() []redactCase {
	return []redactCase{
		// Credentials in HTTP headers.
		{"bearer token", "calling graph with Bearer ya29.a0AfH6SMBx3kL9", "calling graph with Bearer [REDACTED]"},
		{"authorization header", "Authorization: Bearer abcdef0123456789abcdef", "Authorization: [REDACTED]"},
		{"authorization pair", "authorization=Basic dXNlcjpwYXNzd29yZA==", "authorization=[REDACTED]"},
		{"basic credentials", "proxy sent Basic dXNlcjpwYXNzd29yZA==", "proxy sent Basic [REDACTED]"},
		{"cookie header", "Cookie: sid=xyz", "Cookie: [REDACTED]"},
		{"set-cookie header", "Set-Cookie: session=abc123; Path=/", "Set-Cookie: [REDACTED]; Path=/"},
		{"api key header", "X-Api-Key: 12345abcde", "X-Api-Key: [REDACTED]"},

		// JWTs.
		{"jwt", "id_token eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dGhpc2lzYXNpZ25hdHVyZQ", "id_token [REDACTED]"},
		{"jwt in json", `{"jwt":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"}`, `{"jwt":"[REDACTED]"}`},

		// Sensitive key=value and key: value pairs.
		{"password pair", "password=hunter2", "password=[REDACTED]"},
		{"password colon", "db password: hunter2 rejected", "db password: [REDACTED] rejected"},
		{"secret in form", "secret=s3cr3t&user=bob", "secret=[REDACTED]&user=bob"},
		{"token pair", "token=abc123", "token=[REDACTED]"},
		{"client secret", "client_secret=abc.def-ghi", "client_secret=[REDACTED]"},
		{"json password", `{"password": "hunter2", "user": "bob"}`, `{"password": "[REDACTED]", "user": "bob"}`},
		{"json single quotes", `{'api_key': 'k-123'}`, `{'api_key': '[REDACTED]'}`},
		{"camel case json", `{"accessToken":"abc.def"}`, `{"accessToken":"[REDACTED]"}`},
		{"env var", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SECRET_ACCESS_KEY=[REDACTED]"},
		{"refresh token", "refreshToken=1//0gLx", "refreshToken=[REDACTED]"},
		{"upper case pwd", "PWD=hunter2", "PWD=[REDACTED]"},
		{"quoted passphrase", "passphrase = 'correct horse battery'", "passphrase = '[REDACTED]'"},
		{"kebab api key", "api-key=abc", "api-key=[REDACTED]"},
		{"credentials", "credentials: user1:pass1", "credentials: [REDACTED]"},
		{"two pairs", "login failed for password=hunter2 token=abc", "login failed for password=[REDACTED] token=[REDACTED]"},
		{"pair after harmless pair", "error: token=abc", "error: token=[REDACTED]"},
		{"command-line flag", "exec pg_dump --password hunter2 --verbose", "exec pg_dump --password [REDACTED] --verbose"},

		// URLs.
		{"url password", "cloning https://user:ghp_abc123@github.com/org/repo.git", "cloning https://user:[REDACTED]@github.com/org/repo.git"},
		{"url token as user", "https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/org/repo", "https://[REDACTED]@github.com/org/repo"},
		{"url access token", "GET https://graph.microsoft.com/v1.0/users?$top=5&access_token=abc123 failed", "GET https://graph.microsoft.com/v1.0/users?$top=5&access_token=[REDACTED] failed"},
		{"sas signature", "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2025-01-01&sig=abc%2Bdef%3D", "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2025-01-01&sig=[REDACTED]"},
		{"oauth code", "redirect to https://app.example.com/callback?code=4/P7q7W91&state=xyz", "redirect to https://app.example.com/callback?code=[REDACTED]&state=xyz"},
		{"fragment token", "https://app.example.com/cb#access_token=abc&token_type=bearer", "https://app.example.com/cb#access_token=[REDACTED]&token_type=bearer"},

		// Connection strings.
		{"postgres url", "postgres://app:s3cr3t@db.internal:5432/runs?sslmode=require", "postgres://app:[REDACTED]@db.internal:5432/runs?sslmode=require"},
		{"ado.net", "Server=tcp:db.example.com,1433;User ID=app;Password=p@ss w0rd;Encrypt=true", "Server=tcp:db.example.com,1433;User ID=app;Password=[REDACTED];Encrypt=true"},
		{"azure storage", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED];EndpointSuffix=core.windows.net"},
		{"service bus", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=abc123xyz=", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=[REDACTED]"},

		// Keys and blobs.
		{"pem block", "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\ndone", "key:\n[REDACTED]\ndone"},
		{"truncated pem", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "[REDACTED]"},
		{"sha256 hex", "session 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 expired", "session [REDACTED] expired"},
		{"32 hex key", "key 0123456789abcdef0123456789abcdef used", "key [REDACTED] used"},
		{"base64 blob", "payload dGhpcyBpcyBhIHNlY3JldCBwYXlsb2FkIHdpdGggc29tZSBkYXRhMTIz end", "payload [REDACTED] end"},
		{"github token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "[REDACTED]"},

		// Ordinary text that must stay intact.
		{"token count", "token count 5", "token count 5"},
		{"password reset", "password reset email sent", "password reset email sent"},
		{"secretary", "secretary", "secretary"},
		{"tokenizer", "tokenizer", "tokenizer"},
		{"tokenizer pair", "tokenizer: bpe", "tokenizer: bpe"},
		{"tokens used", "tokens: 1500", "tokens: 1500"},
		{"token_count pair", "token_count=5", "token_count=5"},
		{"max tokens", "max_tokens=4096", "max_tokens=4096"},
		{"password_reset pair", "password_reset=true", "password_reset=true"},
		{"password policy", "password_policy=strict", "password_policy=strict"},
		{"secret name", "secret_name=prod-db", "secret_name=prod-db"},
		{"uuid", "run 123e4567-e89b-12d3-a456-426614174000 queued", "run 123e4567-e89b-12d3-a456-426614174000 queued"},
		{"short commit", "deployed commit 3f2a9c1", "deployed commit 3f2a9c1"},
		{"commit-ish", "commit deadbeefcafe1234", "commit deadbeefcafe1234"},
		{"plain url", "https://example.com/docs?page=2&sort=asc", "https://example.com/docs?page=2&sort=asc"},
		{"docs url", "see https://learn.microsoft.com/en-us/graph/throttling", "see https://learn.microsoft.com/en-us/graph/throttling"},
		{"ssh url", "ssh://git@github.com/org/repo.git", "ssh://git@github.com/org/repo.git"},
		{"bearer in prose", "bearer of bad news", "bearer of bad news"},
		{"bearer auth failed", "Bearer authentication failed", "Bearer authentication failed"},
		{"basic in prose", "basic auth is disabled", "basic auth is disabled"},
		{"harmless flag", "exec sync --workers 4 --token-file /run/secrets/t", "exec sync --workers 4 --token-file /run/secrets/t"},
		{"counts", "processed 1200 items in 35s", "processed 1200 items in 35s"},
		{"status pair", "status: failed, user_id=42", "status: failed, user_id=42"},
		{"time", "the token expired at 10:30", "the token expired at 10:30"},
		{"email", "mailbox alice@contoso.com synced", "mailbox alice@contoso.com synced"},
		{"azure resource id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/acct", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/acct"},
		{"long identifier", "ExampleCamelCaseIdentifierThatIsQuiteLongIndeed", "ExampleCamelCaseIdentifierThatIsQuiteLongIndeed"},

		// Well-known prefixed keys.
		{"aws key id pair", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY_ID=[REDACTED]"},
		{"aws key id in prose", "aws key AKIAIOSFODNN7EXAMPLE used", "aws key [REDACTED] used"},
		{"aws temporary key id", "assumed role with ASIAY34FZKBOKMUTVV7A", "assumed role with [REDACTED]"},
		{"stripe live key", "charge failed with sk_live_51H8abcdEFGHijklMNOPqrst", "charge failed with [REDACTED]"},
		{"openai project key", "using sk-proj-abcDEF123456ghiJKL789mno", "using [REDACTED]"},
		{"openai key", "key sk-abcdefghijklmnop1234567890 rejected", "key [REDACTED] rejected"},
		{"github oauth token", "gho_16C7e42F292c6912E7710c838347Ae178B4a", "[REDACTED]"},
		{"github short token", "pushed with ghp_AbCd1234EfGh5678 ok", "pushed with [REDACTED] ok"},
		{"github fine-grained pat", "github_pat_11ABCDEFG0123456789_abcdefghij", "[REDACTED]"},
		{"slack bot token", "slack xoxb-1234567890-1234567890123-AbCdEf", "slack [REDACTED]"},
		{"slack user token", "slack xoxp-1234567890-abcdef", "slack [REDACTED]"},
		{"aws-like word", "AKIA is the prefix of AWS key ids", "AKIA is the prefix of AWS key ids"},
		{"sk prefix in prose", "installed sk-learn and desk-lamp-controller", "installed sk-learn and desk-lamp-controller"},
		{"ghp prefix in prose", "tokens start with ghp_ or gho_", "tokens start with ghp_ or gho_"},

		// Quoted and braced values.
		{"json escaped quote", `{"password": "hun\"ter2"}`, `{"password": "[REDACTED]"}`},
		{"json escaped backslash", `{"password": "a\\", "user": "bob"}`, `{"password": "[REDACTED]", "user": "bob"}`},
		{"odbc braced value", "Server=x;Pwd={p@ss;w0rd};", "Server=x;Pwd=[REDACTED];"},
		{"odbc escaped brace", "Driver={SQL Server};Pwd={a}}b;c};Uid=u", "Driver={SQL Server};Pwd=[REDACTED];Uid=u"},
		{"json object value", `credentials = {"user":"a","pass":"b"}`, `credentials = [REDACTED]`},
		{"json pass key", `{"user":"a","pass":"b"}`, `{"user":"a","pass":"[REDACTED]"}`},

		// SAS signatures and keys that hold a secret word.
		{"sas query", "?sv=2020-08-04&sig=abcd%2Bef", "?sv=2020-08-04&sig=[REDACTED]"},
		{"sas pair", "sas=sv=2020-08-04&se=2025-01-01&sig=abcd%2Bef", "sas=sv=2020-08-04&se=2025-01-01&sig=[REDACTED]"},
		{"pgpassword", "PGPASSWORD=hunter2", "PGPASSWORD=[REDACTED]"},
		{"pass pair", "pass=hunter2", "pass=[REDACTED]"},
		{"db_pass pair", "db_pass=hunter2", "db_pass=[REDACTED]"},
		{"pw pair", "pw=hunter2", "pw=[REDACTED]"},
		{"pwd pair", "user=bob pwd=hunter2", "user=bob pwd=[REDACTED]"},
		{"dbpassword pair", "mysql dbpassword: hunter2", "mysql dbpassword: [REDACTED]"},

		// Diagnostic text that must stay intact.
		{"authorization denied", "Authorization: denied for user", "Authorization: denied for user"},
		{"authorization in prose", "Authorization: failed because the policy was missing", "Authorization: failed because the policy was missing"},
		{"secret not set", "secret: not set", "secret: not set"},
		{"token expired", "token: expired", "token: expired"},
		{"password required", "password: required", "password: required"},
		{"password missing", "password: missing; retry", "password: missing; retry"},
		{"tests pass", "tests pass: 12 of 12", "tests pass: 12 of 12"},
		{"public key token", "System.Runtime, Version=4.0.0.0, Culture=neutral, publicKeyToken=b77a5c561934e089", "System.Runtime, Version=4.0.0.0, Culture=neutral, publicKeyToken=b77a5c561934e089"},
		{"git sha", "deployed commit 3f2a9c1d4e5b6a7980f1e2d3c4b5a69788796a5b", "deployed commit 3f2a9c1d4e5b6a7980f1e2d3c4b5a69788796a5b"},
		{"image digest", "pulled image@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "pulled image@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{"request id pair", "request_id=0123456789abcdef0123456789abcdef failed", "request_id=0123456789abcdef0123456789abcdef failed"},
		{"trace id", "traceId: 4bf92f3577b34da6a3ce929d0e0e4736", "traceId: 4bf92f3577b34da6a3ce929d0e0e4736"},
		{"git sha in json", `{"sha": "3f2a9c1d4e5b6a7980f1e2d3c4b5a69788796a5b"}`, `{"sha": "3f2a9c1d4e5b6a7980f1e2d3c4b5a69788796a5b"}`},
		{"key hex 40", "key 3f2a9c1d4e5b6a7980f1e2d3c4b5a69788796a5b", "key [REDACTED]"},
		{"request id header", "x-ms-request-id: 4F8A2C1D9E7B6A5F4E3D2C1B0A998877", "x-ms-request-id: 4F8A2C1D9E7B6A5F4E3D2C1B0A998877"},
		{"secret hex", "secret 0123456789abcdef0123456789abcdef0123", "secret [REDACTED]"},
		{"odd-length hex", "blob 0123456789abcdef0123456789abcdef01234", "blob [REDACTED]"},
		{"empty", "", ""},
	}
}

func TestRedact(t *testing.T) {
	cases := redactCases()
	intact := 0
	for _, tc := range cases {
		if tc.in == tc.want {
			intact++
		}
		t.Run(tc.name, func(t *testing.T) {
			got := oprun.Redact(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, got, oprun.Redact(got), "redaction is idempotent")
		})
	}
	assert.GreaterOrEqual(t, len(cases), 40)
	assert.GreaterOrEqual(t, 3*intact, len(cases), "at least a third of the cases stay intact")
}

func TestRedactBounds(t *testing.T) {
	long := strings.Repeat("lorem ipsum ", 10_000)
	got := oprun.Redact(long)
	assert.LessOrEqual(t, len(got), oprun.MaxRedactedLen)
	assert.True(t, strings.HasSuffix(got, "…"))
	assert.True(t, utf8.ValidString(got))

	multibyte := strings.Repeat("é", oprun.MaxRedactedLen)
	got = oprun.Redact(multibyte)
	assert.LessOrEqual(t, len(got), oprun.MaxRedactedLen)
	assert.True(t, utf8.ValidString(got), "cut at a rune boundary")

	assert.True(t, utf8.ValidString(oprun.Redact("bad \xff byte")))

	// A secret cut by the input bound is dropped, not left half recognisable.
	blob := strings.Repeat("Ab1", (64<<10-20)/3) // one long blob: redacted to almost nothing
	huge := blob + " eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
	assert.Equal(t, "[REDACTED]…", oprun.Redact(huge))

	// A secret past the bound is cut, never kept.
	tail := strings.Repeat("x ", oprun.MaxRedactedLen) + "password=hunter2"
	assert.NotContains(t, oprun.Redact(tail), "hunter2")
}

// TestRedactSecretKeys checks every key word that names a secret, in the
// spellings services use.
func TestRedactSecretKeys(t *testing.T) {
	for _, key := range []string{
		"password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "api_key", "apiKey",
		"X-Api-Key", "accesskey", "access_key", "AccessKey", "AccountKey", "privatekey", "private_key",
		"secret_key", "signingKey", "SharedAccessKey", "SharedAccessSignature", "clientsecret",
		"client_secret", "clientSecret", "credential", "credentials", "bearer", "authorization",
		"cookie", "sessionkey", "session_key", "refreshtoken", "refresh_token", "connectionstring",
		"connection_string", "ConnectionString", "access_token", "id_token", "authToken",
		"DB_PASSWORD", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "smtp.password",
	} {
		t.Run(key, func(t *testing.T) {
			assert.Equal(t, key+"=[REDACTED]", oprun.Redact(key+"=v4lue"))
			assert.Equal(t, key+": [REDACTED]", oprun.Redact(key+": v4lue"))
		})
	}
	for _, key := range []string{
		"password_hash", "token_count", "secret_name", "api_key_id", "token_url", "cookie_path",
		"credential_type", "token_expires", "password_length", "passwordless", "keyboard", "monkey",
	} {
		t.Run(key, func(t *testing.T) {
			assert.Equal(t, key+"=v4lue", oprun.Redact(key+"=v4lue"))
		})
	}
}
