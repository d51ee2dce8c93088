package oprun

import (
	"encoding/base64"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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
)

// truncatedMark ends a value cut by a length bound.
const truncatedMark = "…"

// The patterns below are compiled once and never modified.
var (
	// A PEM block, or the start of one cut off before its END line.
	pemRE = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]{1,64}-----[\s\S]*?(?:-----END [A-Z0-9 ]{1,64}-----|$)`)
	// A URL with a scheme; its userinfo, query and fragment are inspected.
	urlRE = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9+.\-]{1,31}://[^\s"'<>]+`)
	// A JSON Web Token: base64url header starting with {" and two dots.
	jwtRE = regexp.MustCompile(`\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*`)
	// An HTTP Bearer credential.
	bearerRE = regexp.MustCompile(`(?i)\b(bearer)(\s+)([A-Za-z0-9\-._~+/]+=*)`)
	// An HTTP Basic credential: base64 of user:password.
	basicRE = regexp.MustCompile(`(?i)\b(basic)(\s+)([A-Za-z0-9+/]{4,}={0,2})`)
	// The key and separator of a key=value or key: value pair, optionally
	// quoted as in JSON. The value is parsed by hand.
	pairKeyRE = regexp.MustCompile(`(["']?)([A-Za-z][A-Za-z0-9_.\-]{0,63})(["']?)(\s*[:=]\s*)`)
	// A command-line flag and the separate argument after it.
	flagRE = regexp.MustCompile(`(^|\s)(--?[A-Za-z][A-Za-z0-9_.\-]*)(\s+)([^\s\-]\S*)`)
	// A long run of hex digits: keys, digests of secrets, session ids.
	hexRE = regexp.MustCompile(`\b[0-9A-Fa-f]{32,}\b`)
	// A long run of base64 or base64url characters.
	base64RE = regexp.MustCompile(`[A-Za-z0-9+/_\-]{40,}={0,2}`)
)

// Redact returns s with secrets replaced by [Redacted] and its length
// bounded by [MaxRedactedLen]. It removes: PEM blocks; credentials in URLs
// (user:password@, sensitive query and fragment parameters); JWTs; Bearer
// and Basic credentials; values of sensitive key=value and key: value pairs
// (password=, secret=, token=, api_key=, AccountKey= in connection strings,
// "password": "…" in JSON, and so on) and of sensitive command-line flags
// (--password hunter2); runs of 32 or more hex digits; and
// runs of 40 or more base64 characters that mix upper case, lower case and
// digits. Ordinary text is left as is: "token count 5", "password reset
// email sent", UUIDs, short commit ids and URLs without credentials.
//
//runtruth:sanitizer
func Redact(s string) string {
	if s == "" {
		return ""
	}
	s = truncate(s, maxRedactInput)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = pemRE.ReplaceAllLiteralString(s, Redacted)
	s = urlRE.ReplaceAllStringFunc(s, redactURL)
	s = jwtRE.ReplaceAllLiteralString(s, Redacted)
	s = replaceSubmatchFunc(bearerRE, s, func(m []string) string {
		if tok := m[3]; len(tok) >= 16 || (len(tok) >= 8 && strings.ContainsAny(tok, "0123456789")) {
			return m[1] + m[2] + Redacted
		}
		return m[0]
	})
	s = replaceSubmatchFunc(basicRE, s, func(m []string) string {
		if raw, err := base64.StdEncoding.DecodeString(m[3]); err == nil && strings.Contains(string(raw), ":") {
			return m[1] + m[2] + Redacted
		}
		return m[0]
	})
	s = redactPairs(s)
	s = replaceSubmatchFunc(flagRE, s, func(m []string) string {
		if sensitiveKey(strings.TrimLeft(m[2], "-")) {
			return m[1] + m[2] + m[3] + Redacted
		}
		return m[0]
	})
	s = hexRE.ReplaceAllLiteralString(s, Redacted)
	s = base64RE.ReplaceAllStringFunc(s, func(m string) string {
		if looksLikeBase64Secret(m) {
			return Redacted
		}
		return m
	})
	return truncate(s, MaxRedactedLen)
}

// replaceSubmatchFunc is ReplaceAllStringFunc with access to submatches.
func replaceSubmatchFunc(re *regexp.Regexp, s string, repl func(m []string) string) string {
	idx := re.FindAllStringSubmatchIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	m := make([]string, re.NumSubexp()+1)
	for _, loc := range idx {
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = s[loc[2*i]:loc[2*i+1]]
			} else {
				m[i] = ""
			}
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString(repl(m))
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// redactPairs replaces the values of sensitive key=value and key: value
// pairs. Keys are found with pairKeyRE; values are parsed by hand so that a
// pair with a harmless key never hides the pair that follows it.
func redactPairs(s string) string {
	idx := pairKeyRE.FindAllStringSubmatchIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, loc := range idx {
		start, end := loc[0], loc[1]
		if start < last {
			continue // inside a value already redacted
		}
		key := s[loc[4]:loc[5]]
		if !sensitiveKey(key) {
			continue
		}
		vEnd, quote := pairValueEnd(s, end, key, s[loc[8]:loc[9]])
		if vEnd == end {
			continue // empty value
		}
		b.WriteString(s[last:end])
		b.WriteString(quote)
		b.WriteString(Redacted)
		b.WriteString(quote)
		last = vEnd
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// pairValueEnd returns where the value starting at s[i:] ends, and the quote
// that encloses it, if any.
func pairValueEnd(s string, i int, key, sep string) (end int, quote string) {
	if i >= len(s) {
		return i, ""
	}
	if q := s[i]; q == '"' || q == '\'' {
		if j := strings.IndexByte(s[i+1:], q); j >= 0 {
			return i + 1 + j + 1, string(q)
		}
		return len(s), string(q)
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
	case isAuthorizationKey(key) && isWord(s[i:end]):
		// "Authorization: Bearer xyz": the scheme, then the credential.
		tail := strings.TrimLeft(rest, " ")
		n := strings.IndexFunc(tail, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' })
		if n < 0 {
			n = len(tail)
		}
		end += len(rest) - len(tail) + n
	case strings.Contains(sep, "="):
		// A connection string value may hold spaces up to its ';'.
		if j := strings.IndexAny(rest, ";\n"); j > 0 && rest[j] == ';' && !strings.Contains(rest[:j], "=") {
			end += j
		}
	}
	return end, ""
}

func isWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

func isAuthorizationKey(key string) bool {
	for _, w := range keyWords(key) {
		if w == "authorization" {
			return true
		}
	}
	return false
}

// isSecretWord reports whether a key word, or a run of adjacent key words
// joined, names a secret value.
func isSecretWord(w string) bool {
	switch w {
	case "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey",
		"accesskey", "accountkey", "privatekey", "secretkey", "signingkey",
		"sharedaccesskey", "sharedaccesssignature", "clientsecret", "credential",
		"credentials", "bearer", "authorization", "cookie", "sessionkey",
		"refreshtoken", "connectionstring", "accesstoken", "idtoken", "authtoken":
		return true
	}
	return false
}

// isNotValueWord reports whether a key word marks the key as naming
// something about a secret rather than the secret itself ("token_count",
// "password_reset", "secret_name").
func isNotValueWord(w string) bool {
	switch w {
	case "hash", "hashed", "digest", "redacted", "masked", "count", "len", "length",
		"size", "expiry", "expires", "url", "uri", "endpoint", "name", "id", "ref",
		"path", "file", "type", "kind", "policy", "less", "reset":
		return true
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

// sensitiveKey reports whether a key names a secret value. The key is split
// into words (snake_case, kebab-case, dotted and camelCase); it is
// sensitive when a word or a run of adjacent words is a secret word and no
// word marks it as not being the value.
func sensitiveKey(key string) bool {
	words := keyWords(key)
	secret := false
	for i := range words {
		if isNotValueWord(words[i]) {
			return false
		}
		joined := ""
		for j := i; j < len(words) && !secret; j++ {
			joined += words[j]
			secret = isSecretWord(joined)
		}
	}
	return secret
}

// keyWords splits an identifier into lower-case words.
func keyWords(key string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	runes := []rune(key)
	for i, r := range runes {
		switch {
		case r == '_' || r == '-' || r == '.':
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			prevLower := unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1])
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if prevLower || (unicode.IsUpper(runes[i-1]) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
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
		if isURLCredentialParam(strings.ToLower(k)) || sensitiveKey(k) {
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
