package oprun

import (
	"encoding/base64"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/runtruth/runtruth/internal/secretname"
)

// Redacted replaces every secret that [Redact] finds.
const Redacted = "[REDACTED]"

// Length bounds applied before anything is stored.
const (
	// MaxRedactedLen bounds the result of [Redact], in bytes.
	MaxRedactedLen = 4096
	// MaxMessageLen bounds a stored reason message, in bytes.
	MaxMessageLen = 1024
	// maxRedactInput bounds how much of its input Redact scans.
	maxRedactInput = 64 << 10
	// maxKeyLen bounds the keys of pairs that Redact inspects.
	maxKeyLen = 64
)

// truncatedMark ends a value cut by a length bound.
const truncatedMark = "…"

// The patterns below are compiled once and never modified. The other
// secrets are found by hand-written scanners, which are linear and several
// times faster than equivalent regular expressions.
var (
	// A PEM block, or the start of one cut off before its END line.
	pemRE = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)`)
	// A JSON Web Token: base64url header starting with {" and two dots.
	jwtRE = regexp.MustCompile(`\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*`)
)

// Thresholds of the blob scanner.
const (
	minHexSecret    = 32
	minBase64Secret = 40
	// minPrefixedKey is the length of the shortest prefixed key
	// recognised: an AWS access key id.
	minPrefixedKey = 20
)

// keyPrefix is the fixed start of a well-known kind of key, followed by at
// least minBody key characters (letters, digits, '_' and '-').
type keyPrefix struct {
	prefix  string
	minBody int
	// awsID marks an AWS access key id: exactly 16 upper-case letters or
	// digits after the prefix.
	awsID bool
	// mixed requires the body to hold both a letter and a digit, for
	// prefixes that ordinary words may start with.
	mixed bool
}

// keyPrefixes lists the well-known prefixed keys. Never modified.
var keyPrefixes = [...]keyPrefix{
	{prefix: "AKIA", minBody: 16, awsID: true},
	{prefix: "ASIA", minBody: 16, awsID: true},
	{prefix: "sk_live_", minBody: 16},
	{prefix: "sk_test_", minBody: 16},
	{prefix: "rk_live_", minBody: 16},
	{prefix: "sk-proj-", minBody: 16},
	{prefix: "sk-", minBody: 20, mixed: true},
	{prefix: "ghp_", minBody: 16},
	{prefix: "gho_", minBody: 16},
	{prefix: "ghu_", minBody: 16},
	{prefix: "ghs_", minBody: 16},
	{prefix: "ghr_", minBody: 16},
	{prefix: "github_pat_", minBody: 16},
	{prefix: "xoxb-", minBody: 10},
	{prefix: "xoxp-", minBody: 10},
	{prefix: "xoxa-", minBody: 10},
	{prefix: "xoxr-", minBody: 10},
	{prefix: "xoxs-", minBody: 10},
}

// prefixedKeyLen returns the length of the well-known prefixed key that
// starts s, or 0.
func prefixedKeyLen(s string) int {
	if len(s) < 2 {
		return 0
	}
	switch s[:2] {
	case "AK", "AS", "sk", "rk", "gh", "gi", "xo":
	default:
		return 0 // the common case, without trying every prefix
	}
	for _, p := range keyPrefixes {
		if !strings.HasPrefix(s, p.prefix) {
			continue
		}
		n := len(p.prefix)
		var letter, digit bool
		for n < len(s) && (isWordByte(s[n]) || s[n] == '-') {
			if p.awsID && !(s[n] >= 'A' && s[n] <= 'Z' || s[n] >= '0' && s[n] <= '9') {
				break
			}
			letter = letter || isLetter(s[n])
			digit = digit || s[n] >= '0' && s[n] <= '9'
			n++
		}
		body := n - len(p.prefix)
		switch {
		case p.awsID && (body != p.minBody || n < len(s) && isWordByte(s[n])):
		case body < p.minBody, p.mixed && !(letter && digit):
		default:
			return n
		}
	}
	return 0
}

// Redact returns s with secrets replaced by [Redacted] and its length
// bounded by [MaxRedactedLen]. It removes: PEM blocks; credentials in URLs
// (user:password@, sensitive query and fragment parameters); JWTs; Bearer
// and Basic credentials; values of sensitive key=value and key: value pairs
// (password=, secret=, token=, api_key=, AccountKey= in connection strings,
// "password": "…" in JSON, and so on) and of sensitive command-line flags
// (--password hunter2), a quoted value with its escapes and a braced one
// ({…}) whole; well-known prefixed keys (AKIA…, ghp_…, sk_live_…, sk-…,
// xoxb-…); runs of 32 or more hex digits; and runs of 40 or more base64
// characters that mix upper case, lower case and digits. Ordinary text is
// left as is: "token count 5", "password reset email sent", "secret: not
// set", UUIDs, commit ids, sha256 digests, request ids given as such and
// URLs without credentials.
//
//runtruth:sanitizer
func Redact(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > maxRedactInput {
		// Cut at a blank, so that no half secret is left too short to be
		// recognised.
		s = s[:maxRedactInput]
		if i := strings.LastIndexAny(s, " \t\r\n"); i >= maxRedactInput/2 {
			s = s[:i]
		}
		s += truncatedMark
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// Each pass runs only when it can match, which keeps the common case
	// (a short message without secrets) cheap.
	if strings.Contains(s, "-----BEGIN ") {
		s = pemRE.ReplaceAllLiteralString(s, Redacted)
	}
	if strings.Contains(s, "://") {
		s = applyEdits(s, scanURLs(s))
	}
	if strings.Contains(s, "eyJ") {
		s = jwtRE.ReplaceAllLiteralString(s, Redacted)
	}
	s = applyEdits(s, scanAuthSchemes(s))
	if strings.ContainsAny(s, ":=") {
		s = redactPairs(s)
	}
	if strings.Contains(s, "-") {
		s = applyEdits(s, scanFlags(s))
	}
	if len(s) >= minPrefixedKey {
		s = applyEdits(s, scanBlobs(s))
	}
	return truncate(s, MaxRedactedLen)
}

// edit replaces s[start:end] with repl.
type edit struct {
	start, end int
	repl       string
}

// applyEdits applies sorted, non-overlapping edits to s.
func applyEdits(s string, edits []edit) string {
	if len(edits) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, e := range edits {
		b.WriteString(s[last:e.start])
		b.WriteString(e.repl)
		last = e.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// scanURLs finds URLs (scheme://…) and redacts their credentials.
func scanURLs(s string) []edit {
	var edits []edit
	for from := 0; ; {
		k := strings.Index(s[from:], "://")
		if k < 0 {
			return edits
		}
		k += from
		start := k
		for start > from && isSchemeByte(s[start-1]) {
			start--
		}
		for start < k && !isLetter(s[start]) {
			start++
		}
		end := k + 3
		for end < len(s) && strings.IndexByte(" \t\r\n\"'<>", s[end]) < 0 {
			end++
		}
		if u := s[start:end]; start < k {
			if r := redactURL(u); r != u {
				edits = append(edits, edit{start, end, r})
			}
		}
		from = end
	}
}

func isSchemeByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-'
}

// scanAuthSchemes finds HTTP Bearer and Basic credentials: the scheme name
// (any case), blanks, then the credential. A Bearer credential must look
// like a token (16 characters, or 8 with a digit); a Basic one must decode
// to user:password.
func scanAuthSchemes(s string) []edit {
	var edits []edit
	for i := 0; i < len(s); i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		var bearer bool
		switch {
		case hasPrefixFold(s[i:], "bearer"):
			bearer = true
		case hasPrefixFold(s[i:], "basic"):
		default:
			continue
		}
		j := i + len("basic")
		if bearer {
			j = i + len("bearer")
		}
		ws := j
		for j < len(s) && isBlank(s[j]) {
			j++
		}
		if j == ws {
			continue
		}
		tokStart := j
		for j < len(s) && isTokenByte(s[j], bearer) {
			j++
		}
		for n := 0; j < len(s) && s[j] == '=' && (bearer || n < 2); n++ {
			j++
		}
		tok := s[tokStart:j]
		var secret bool
		if bearer {
			secret = len(tok) >= 16 || len(tok) >= 8 && strings.ContainsAny(tok, "0123456789")
		} else if len(tok) >= 4 {
			raw, err := base64.StdEncoding.DecodeString(tok)
			secret = err == nil && strings.Contains(string(raw), ":")
		}
		if secret {
			edits = append(edits, edit{tokStart, j, Redacted})
			i = j - 1
		}
	}
	return edits
}

func isTokenByte(c byte, bearer bool) bool {
	switch {
	case isLetter(c), c >= '0' && c <= '9', c == '+', c == '/':
		return true
	case bearer:
		return c == '-' || c == '.' || c == '_' || c == '~'
	}
	return false
}

// scanFlags finds sensitive command-line flags followed by a separate
// argument: "--password hunter2", "-token abc".
func scanFlags(s string) []edit {
	var edits []edit
	for i := 0; i < len(s); i++ {
		if s[i] != '-' || i > 0 && !isBlank(s[i-1]) {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '-' {
			j++
		}
		nameStart := j
		if j >= len(s) || !isLetter(s[j]) {
			continue
		}
		for j < len(s) && isKeyByte(s[j]) {
			j++
		}
		name := s[nameStart:j]
		ws := j
		for j < len(s) && isBlank(s[j]) {
			j++
		}
		if j == ws || j >= len(s) || s[j] == '-' {
			i = ws - 1
			continue
		}
		v := j
		for j < len(s) && !isBlank(s[j]) {
			j++
		}
		if secretname.Default.Sensitive(name) {
			edits = append(edits, edit{v, j, Redacted})
		}
		i = j - 1
	}
	return edits
}

// scanBlobs finds runs of base64 characters. A run of 40 or more that
// mixes upper case, lower case and digits is redacted whole; otherwise
// each well-known prefixed key (AKIA…, ghp_…, sk_live_…, xoxb-…) and each
// word of 32 or more hex digits within it is, except the request ids,
// commits and digests that isDiagnosticHex keeps.
func scanBlobs(s string) []edit {
	var edits []edit
	for i := 0; i < len(s); {
		if !isBase64Byte(s[i]) {
			i++
			continue
		}
		start := i
		for i < len(s) && isBase64Byte(s[i]) {
			i++
		}
		for n := 0; n < 2 && i < len(s) && s[i] == '='; n++ {
			i++
		}
		run := s[start:i]
		if len(run) >= minBase64Secret && looksLikeBase64Secret(run) {
			edits = append(edits, edit{start, i, Redacted})
			continue
		}
		for w := 0; w < len(run); {
			if !isWordByte(run[w]) {
				w++
				continue
			}
			if c := run[w]; (c == 'A' || c == 's' || c == 'r' || c == 'g' || c == 'x') &&
				(w == 0 || !isWordByte(run[w-1]) && run[w-1] != '-') {
				if n := prefixedKeyLen(run[w:]); n > 0 {
					edits = append(edits, edit{start + w, start + w + n, Redacted})
					w += n
					continue
				}
			}
			ws := w
			hex := true
			for w < len(run) && isWordByte(run[w]) {
				hex = hex && isHexByte(run[w])
				w++
			}
			if hex && w-ws >= minHexSecret && !isDiagnosticHex(s, start+ws, w-ws) {
				edits = append(edits, edit{start + ws, start + w, Redacted})
			}
		}
	}
	return edits
}

// isDiagnosticHex reports whether the word of n hex digits at s[i] is
// diagnostic text rather than a secret: a git commit (40 digits) or a
// SHA-256 digest (64), unless the word before it names a secret or a key
// ("session <hex>", "secret: <hex>"); or the value of a request, trace or
// correlation id key (32 digits: "x-ms-request-id: <hex>", "traceId=<hex>").
// Other 32-digit words stay redacted: API keys often have that shape.
func isDiagnosticHex(s string, i, n int) bool {
	if n != 32 && n != 40 && n != 64 {
		return false
	}
	j := i
	for j > 0 && strings.IndexByte(" \t:=\"'", s[j-1]) >= 0 {
		j--
	}
	end := j
	for j > 0 && isKeyByte(s[j-1]) {
		j--
	}
	if j == end {
		return n != 32
	}
	prev := s[j:end]
	if secretname.Default.Sensitive(prev) {
		return false
	}
	words := secretname.Split(prev)
	if n == 32 {
		if len(words) < 2 || words[len(words)-1] != "id" {
			return false
		}
		switch words[len(words)-2] {
		case "request", "trace", "correlation", "activity", "operation":
			return true
		}
		return false
	}
	switch words[len(words)-1] {
	case "key", "session", "sid", "hmac", "salt", "nonce":
		return false
	}
	return true
}

func isBase64Byte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '_' || c == '-'
}

func isHexByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isWordByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c == '_' }

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// hasPrefixFold reports whether s starts with prefix (lower-case ASCII),
// ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// redactPairs replaces the values of sensitive key=value and key: value
// pairs, the key optionally quoted as in JSON. It scans for separators and
// reads the key before each and the value after it by hand, in one pass,
// so that a pair with a harmless key never hides the pair that follows.
func redactPairs(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ':' && c != '=' {
			continue
		}
		key, keyStart, quoted := pairKeyBefore(s, last, i)
		if key == "" || len(key) > maxKeyLen {
			continue
		}
		if !secretname.Default.Sensitive(key) && !isQueryCredential(s, keyStart, key) {
			continue
		}
		colon := s[i] == ':'
		if colon && !quoted && isWeakSecretKey(key) {
			continue // "tests pass: 12"
		}
		v := i + 1
		for v < len(s) && (s[v] == ' ' || s[v] == '\t') {
			v++
		}
		if colon && isStateValue(s[v:]) {
			continue // "password: required", "token: expired"
		}
		vEnd, quote := pairValueEnd(s, v, key, !colon)
		if vEnd == v {
			continue // empty value
		}
		b.WriteString(s[last:v])
		b.WriteString(quote)
		b.WriteString(Redacted)
		b.WriteString(quote)
		last = vEnd
		i = vEnd - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// pairKeyBefore returns the key that ends before the separator at s[sep],
// skipping blanks and a closing quote, and not reaching before min, with
// where it starts and whether it is quoted. A key is a letter followed by
// letters, digits, '_', '.' or '-'.
func pairKeyBefore(s string, min, sep int) (key string, start int, quoted bool) {
	j := sep
	for j > min && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if j > min && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
		quoted = true
	}
	end := j
	for j > min && isKeyByte(s[j-1]) {
		j--
	}
	for j < end && !isLetter(s[j]) {
		j++
	}
	return s[j:end], j, quoted
}

// isQueryCredential reports whether the key starting at s[start] is a
// query parameter ("?…" or "&…") that carries a credential in URLs, such
// as the sig of an Azure SAS token written without its URL.
func isQueryCredential(s string, start int, key string) bool {
	if start == 0 || s[start-1] != '&' && s[start-1] != '?' {
		return false
	}
	return isURLCredentialParam(strings.ToLower(key))
}

// isWeakSecretKey reports whether key is a short secret word that is also
// ordinary English ("pass", "pw"): as a bare key before a colon it is not
// taken as naming a secret.
func isWeakSecretKey(key string) bool {
	return strings.EqualFold(key, "pass") || strings.EqualFold(key, "pw")
}

// stateWords are values that say something about a secret instead of
// being one ("password: required"). Never modified.
var stateWords = [...]string{
	"set", "unset", "not", "no", "none", "null", "nil", "required", "missing",
	"expired", "invalid", "empty", "redacted", "unknown", "denied", "failed",
	"revoked", "rejected", "provided", "present", "absent", "valid", "disabled",
	"enabled", "true", "false", "ok", "yes",
}

// isStateValue reports whether the unquoted value that starts v is a state
// word, in any case, ending the value or followed by a blank or
// punctuation: "not set", "expired", "required;".
func isStateValue(v string) bool {
	n := 0
	for n < len(v) && isLetter(v[n]) {
		n++
	}
	if n < 2 || n > 8 || n < len(v) && strings.IndexByte(" \t\r\n,;.)", v[n]) < 0 {
		return false
	}
	for _, w := range stateWords {
		if strings.EqualFold(v[:n], w) {
			return true
		}
	}
	return false
}

// quotedEnd returns the end of the quoted string at s[i], just after its
// closing quote, honouring backslash escapes; an unclosed string runs to
// the end of s.
func quotedEnd(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	return len(s)
}

// bracedEnd returns the end of the braced value at s[i] ('{'): a JSON
// object, whose braces nest and whose strings may hold braces, or an ODBC
// value, where "}}" stands for '}'. An unclosed value runs to the end of
// the line.
func bracedEnd(s string, i int) int {
	j := i + 1
	for j < len(s) && isBlank(s[j]) {
		j++
	}
	if j < len(s) && (s[j] == '"' || s[j] == '\'' || s[j] == '}') {
		depth := 0
		for j = i; j < len(s); j++ {
			switch s[j] {
			case '{':
				depth++
			case '}':
				if depth--; depth == 0 {
					return j + 1
				}
			case '"', '\'':
				j = quotedEnd(s, j) - 1
			}
		}
	} else {
		for j = i + 1; j < len(s); j++ {
			if s[j] != '}' {
				continue
			}
			if j+1 < len(s) && s[j+1] == '}' {
				j++
				continue
			}
			return j + 1
		}
	}
	if n := strings.IndexByte(s[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(s)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isKeyByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}

// pairValueEnd returns where the value starting at s[i:] ends, and the quote
// that encloses it, if any. eq tells a key=value pair from a key: value one.
// A quoted value honours backslash escapes; a braced one (a JSON object,
// an ODBC {value}) is replaced whole.
func pairValueEnd(s string, i int, key string, eq bool) (end int, quote string) {
	if i >= len(s) {
		return i, ""
	}
	switch q := s[i]; q {
	case '"', '\'':
		return quotedEnd(s, i), string(q)
	case '{':
		return bracedEnd(s, i), ""
	}
	end = i + strings.IndexFunc(s[i:], func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"',;&`, r)
	})
	if end < i {
		end = len(s)
	}
	rest := s[end:]
	if !strings.HasPrefix(rest, " ") {
		return end, ""
	}
	switch {
	case isAuthorizationKey(key) && isAuthScheme(s[i:end]):
		// "Authorization: Bearer xyz": the scheme, then the credential.
		tail := strings.TrimLeft(rest, " ")
		n := strings.IndexFunc(tail, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' })
		if n < 0 {
			n = len(tail)
		}
		if looksLikeCredential(tail[:n]) {
			end += len(rest) - len(tail) + n
		}
	case eq:
		// A connection string value may hold spaces up to its ';'.
		if j := strings.IndexAny(rest, ";\n"); j > 0 && rest[j] == ';' && !strings.Contains(rest[:j], "=") {
			end += j
		}
	}
	return end, ""
}

// isAuthScheme reports whether w names an HTTP authentication scheme, in
// any case.
func isAuthScheme(w string) bool {
	for _, scheme := range [...]string{
		"bearer", "basic", "digest", "negotiate", "ntlm", "token", "sharedkey", "kerberos",
	} {
		if strings.EqualFold(w, scheme) {
			return true
		}
	}
	return false
}

// looksLikeCredential reports whether the word after an authentication
// scheme is a credential rather than prose: eight characters or more, not
// all lower-case letters.
func looksLikeCredential(w string) bool {
	if len(w) < 8 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return true
		}
	}
	return false
}

func isAuthorizationKey(key string) bool {
	for _, w := range secretname.Split(key) {
		if w == "authorization" {
			return true
		}
	}
	return false
}

// isURLCredentialParam reports whether a query or fragment parameter name
// (lower case) carries a credential in URLs even though it is not a
// sensitive key elsewhere: OAuth codes, SAS signatures, API keys.
func isURLCredentialParam(name string) bool {
	switch name {
	case "code", "sig", "signature", "key", "auth", "x-amz-signature",
		"x-amz-credential", "x-amz-security-token":
		return true
	}
	return false
}

// redactURL removes credentials from one URL: the password of its userinfo
// (or a token used as the user name), and the values of sensitive query and
// fragment parameters. Everything else is left byte for byte.
func redactURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	authEnd := strings.IndexAny(rest, "/?#")
	if authEnd < 0 {
		authEnd = len(rest)
	}
	authority, tail := rest[:authEnd], rest[authEnd:]
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		userinfo, host := authority[:at], authority[at+1:]
		if user, _, hasPass := strings.Cut(userinfo, ":"); hasPass {
			userinfo = user + ":" + Redacted
		} else if len(userinfo) >= 20 {
			userinfo = Redacted
		}
		authority = userinfo + "@" + host
	}
	path, query, fragment := tail, "", ""
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, fragment = path[:i], path[i:]
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i:]
	}
	return scheme + "://" + authority + path + redactParams(query) + redactParams(fragment)
}

// redactParams redacts sensitive parameters of a "?a=b&c=d" query or a
// "#a=b" fragment; the leading ? or # is kept.
func redactParams(p string) string {
	if len(p) < 2 || !strings.Contains(p, "=") {
		return p
	}
	parts := strings.Split(p[1:], "&")
	changed := false
	for i, part := range parts {
		k, v, ok := strings.Cut(part, "=")
		if !ok || v == "" {
			continue
		}
		if isURLCredentialParam(strings.ToLower(k)) || secretname.Default.Sensitive(k) {
			parts[i] = k + "=" + Redacted
			changed = true
		}
	}
	if !changed {
		return p
	}
	return p[:1] + strings.Join(parts, "&")
}

// looksLikeBase64Secret tells a base64 blob (a key, a token, an encoded
// credential) from a long identifier or path: it must mix upper case,
// lower case and digits, and must not start like a path.
func looksLikeBase64Secret(m string) bool {
	if strings.HasPrefix(m, "/") || strings.Contains(m, "//") {
		return false
	}
	var upper, lower, digit bool
	for i := 0; i < len(m); i++ {
		c := m[i]
		switch {
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= '0' && c <= '9':
			digit = true
		}
	}
	return upper && lower && digit
}

// truncate bounds s to max bytes, cutting at a rune boundary and ending
// with truncatedMark when it cuts.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len(truncatedMark)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + truncatedMark
}
