package taint

import (
	"slices"
	"testing"

	"github.com/runtruth/runtruth/passes/config"
)

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"apiToken":          {"api", "token"},
		"APIKey":            {"api", "key"},
		"api_key":           {"api", "key"},
		"APIKEY":            {"apikey"},
		"tokenIDs":          {"token", "ids"},
		"oauth2Token":       {"oauth", "2", "token"},
		"HTTPSProxy":        {"https", "proxy"},
		"x":                 {"x"},
		"_":                 nil,
		"AWS_SECRET_KEY":    {"aws", "secret", "key"},
		"clientSecretV2":    {"client", "secret", "v", "2"},
		"WorkWebhookSecret": {"work", "webhook", "secret"},
	} {
		if got := words(in); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSensitiveName(t *testing.T) {
	n := newNamer(nil)
	for name, want := range map[string]bool{
		"password":          true,
		"Password":          true,
		"dbPassword":        true,
		"passwd":            true,
		"passphrase":        true,
		"secret":            true,
		"clientSecret":      true,
		"client_secret":     true,
		"apiToken":          true,
		"accessToken":       true,
		"refreshToken":      true,
		"idToken":           true,
		"resetToken":        true,
		"apiKey":            true,
		"api_key":           true,
		"APIKey":            true,
		"APIKEY":            true,
		"accessKey":         true,
		"AWSAccessKey":      true,
		"privateKey":        true,
		"privateKeyPEM":     true,
		"credential":        true,
		"credentials":       true,
		"Credentials":       true,
		"bearer":            true,
		"authorization":     true,
		"cookie":            true,
		"sessionKey":        true,
		"connectionString":  true,
		"ConnectionString":  true,
		"tokens":            false, // a plural counts them: max_tokens
		"token2":            true,
		"tokenCount":        false,
		"token_len":         false,
		"tokenLength":       false,
		"tokenSize":         false,
		"tokenExpiry":       false,
		"tokenExpires":      false,
		"tokenURL":          false,
		"TokenURI":          false,
		"tokenEndpoint":     false,
		"secretName":        false,
		"secretID":          false,
		"secretIDs":         false,
		"secretRef":         false,
		"secretPath":        false,
		"secretFile":        false,
		"tokenType":         false,
		"secretKind":        false,
		"passwordPolicy":    false,
		"passwordLess":      false,
		"passwordReset":     false,
		"passwordHash":      false,
		"hashedPassword":    false,
		"passwordHashes":    false,
		"tokenDigest":       false,
		"redactedToken":     false,
		"maskedSecret":      false,
		"tokenizer":         false,
		"key":               false,
		"cacheKey":          false,
		"accessKeyID":       false,
		"apiKeyName":        false,
		"keyring":           false,
		"hostname":          false,
		"secretary":         false,
		"WorkWebhookSecret": true,
		"nextToken":         false,
		"NextPageToken":     false,
		"skipToken":         false,
		"deltaToken":        false,
		"continuationToken": false,
		"syncToken":         false,
		"nextAccessToken":   true,
		"tokenNext":         true,
		"_":                 false,
		"":                  false,
	} {
		if got := n.sensitiveName(name); got != want {
			t.Errorf("sensitiveName(%q) = %t, want %t (words %q)", name, got, want, words(name))
		}
	}
}

func TestConfiguredWords(t *testing.T) {
	n := newNamer(&config.Config{Secrets: config.Secrets{
		Words:       []string{"signingKey", "pin"},
		IgnoreWords: []string{"placeholder", "cookie"},
	}})
	for name, want := range map[string]bool{
		"signingKey":          true,
		"webhook_signing_key": true,
		"userPIN":             true,
		"pinCount":            false,
		"tokenPlaceholder":    false,
		"placeholderToken":    false,
		"cookie":              false,
		"token":               true,
	} {
		if got := n.sensitiveName(name); got != want {
			t.Errorf("sensitiveName(%q) = %t, want %t", name, got, want)
		}
	}
}

func TestAboutName(t *testing.T) {
	n := newNamer(nil)
	for name, want := range map[string]bool{
		"ID":            true,
		"UserID":        true,
		"DisplayName":   true,
		"ItemCount":     true,
		"NextPageToken": true,
		"cursor":        true,
		"Mail":          false,
		"Error":         false,
		"Message":       false,
		"Body":          false,
	} {
		if got := n.aboutName(name); got != want {
			t.Errorf("aboutName(%q) = %t, want %t", name, got, want)
		}
	}
}
