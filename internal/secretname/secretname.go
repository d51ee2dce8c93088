// Package secretname decides whether a name (an identifier, a map or
// context key, a configuration key, an environment variable, a flag) names
// a secret value. The runsecrets check takes such names as sources
// (passes/taint) and oprun redacts the values of such keys at run time;
// both use this package, so the check and the runtime agree on what a
// secret is called.
package secretname

import (
	"strings"
	"unicode"
)

// words are the words, or runs of words written together ("apikey" for
// apiKey, api_key and APIKey), that make a name name a secret value.
var words = [...]string{
	"password", "passwd", "pwd", "pass", "pw", "passphrase", "secret", "token",
	"apikey", "accesskey", "accountkey", "privatekey", "secretkey", "signingkey",
	"sharedaccesskey", "sharedaccesssignature", "clientsecret", "credential",
	"credentials", "bearer", "authorization", "cookie", "sessionkey",
	"refreshtoken", "connectionstring", "accesstoken", "idtoken", "authtoken",
}

// suffixes make one word a secret when it ends with them: a secret word
// written together with what it is for ("pgpassword", "dbsecret",
// "csrftoken").
var suffixes = [...]string{"password", "passwd", "secret", "token"}

// notValue words name something about the secret rather than the secret
// itself (tokenCount, passwordPolicy, secretName). They count when they
// come after the last secret word: tokenID is the ID of a token, while
// idToken is a token.
var notValue = [...]string{
	"count", "len", "length", "size", "expiry", "expires", "url", "uri",
	"endpoint", "name", "id", "ref", "path", "file", "type", "kind",
	"policy", "less", "reset",
}

// transformed words mark the value as transformed or as not secret,
// wherever they stand: hashedPassword and passwordHash are both not the
// password, and a public key is no secret.
var transformed = [...]string{"hash", "hashed", "digest", "redacted", "masked", "public"}

// page words, before the word token, make it a pagination or sync cursor
// (nextToken, pageToken, skipToken, deltaToken), which APIs hand out to
// resume a listing and which is no credential.
var page = [...]string{"next", "page", "pagination", "continuation", "skip", "delta", "sync", "cursor", "resume"}

// maxRun bounds how many consecutive words a secret word may span
// (shared+access+signature).
const maxRun = 3

// A Namer decides whether names are secret. The zero value is not usable;
// use Default or New.
type Namer struct {
	secret   map[string]bool
	after    map[string]bool // not-value words that count after the secret word
	anywhere map[string]bool // not-value words that count anywhere
	page     map[string]bool
	maxRun   int
}

// Default is the Namer of the built-in words.
var Default = New(nil, nil)

// New returns a Namer of the built-in words, with extra as more secret
// words and ignore as words that mark a name as not secret wherever they
// stand (the secrets.words and secrets.ignore-words of runtruth's
// configuration). Words are given as names: "api_key", "apiKey" and
// "APIKey" are one word.
func New(extra, ignore []string) *Namer {
	n := &Namer{secret: map[string]bool{}, after: map[string]bool{}, anywhere: map[string]bool{}, page: map[string]bool{}, maxRun: maxRun}
	for _, w := range words {
		n.secret[w] = true
	}
	for _, w := range notValue {
		n.after[w] = true
	}
	for _, w := range transformed {
		n.anywhere[w] = true
	}
	for _, w := range page {
		n.page[w] = true
	}
	for _, w := range extra {
		if k := Norm(w); k != "" {
			n.secret[k] = true
			n.maxRun = max(n.maxRun, len(Split(w)))
		}
	}
	for _, w := range ignore {
		if k := Norm(w); k != "" {
			n.anywhere[k] = true
			delete(n.secret, k)
		}
	}
	return n
}

// Norm lower-cases a word given as a name and drops its separators.
func Norm(w string) string { return strings.Join(Split(w), "") }

// Sensitive reports whether name names a secret value: one of its words,
// or a run of them, is a secret word (or one word ends with password,
// passwd, secret or token; a plural does not count), it is not a cursor
// (nextToken), and no word marks it as something about the secret
// (tokenCount, passwordHash).
func (n *Namer) Sensitive(name string) bool {
	if name == "" || name == "_" {
		return false
	}
	ws := Split(name)
	last := -1 // index of the last word of the last secret match
	for i := range ws {
		if n.anywhere[ws[i]] || n.anywhere[Singular(ws[i])] {
			return false
		}
		cursor := i > 0 && n.page[ws[i-1]]
		var joined strings.Builder
		for j := i; j < len(ws) && j-i < n.maxRun; j++ {
			joined.WriteString(ws[j])
			k := joined.String()
			if !n.secret[k] && !(j == i && n.suffixed(k)) {
				continue // a plural is not the value: tokens, max_tokens count them
			}
			if cursor && strings.HasPrefix(k, "token") {
				continue // a cursor: nextToken, deltaToken
			}
			last = max(last, j)
		}
	}
	if last < 0 {
		return false
	}
	for _, w := range ws[last+1:] {
		if n.after[w] || n.after[Singular(w)] {
			return false
		}
	}
	return true
}

// suffixed reports whether one word ends with a secret word it was
// written together with ("pgpassword"), unless what comes before is a
// cursor's word ("nexttoken").
func (n *Namer) suffixed(w string) bool {
	for _, s := range suffixes {
		if rest, ok := strings.CutSuffix(w, s); ok && rest != "" {
			return !n.page[rest] && !n.anywhere[rest]
		}
	}
	return false
}

// About reports whether a name names something about a value rather than
// the value's content: an ID, a name, a count, a type, a pagination
// cursor.
func (n *Namer) About(name string) bool {
	ws := Split(name)
	for i, w := range ws {
		if n.after[w] || n.after[Singular(w)] || w == "cursor" {
			return true
		}
		if Singular(w) == "token" && i > 0 && n.page[ws[i-1]] {
			return true
		}
	}
	return false
}

// Singular drops a plural "s" ("tokens", "ids") or "es" ("hashes").
func Singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "es") && (strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses")):
		return w[:len(w)-2]
	case len(w) > 2 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// Split splits a name into lower-case words at underscores and other
// separators, lower-to-upper case changes, letter-digit changes and the
// end of an upper-case run (APIKey is API, Key; tokenIDs is token, IDs).
func Split(name string) []string {
	var out []string
	rs := []rune(name)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	class := func(r rune) int {
		switch {
		case unicode.IsUpper(r):
			return 1
		case unicode.IsLower(r):
			return 2
		case unicode.IsDigit(r):
			return 3
		}
		return 0
	}
	for i := 0; i < len(rs); i++ {
		c := class(rs[i])
		if c == 0 {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		p := class(rs[i-1])
		switch {
		case c == 3 && p != 3, c != 3 && p == 3:
			flush(i)
			start = i
		case c == 1 && p == 2:
			flush(i)
			start = i
		case c == 2 && p == 1 && i-start >= 2:
			// The end of an upper-case run: its last letter starts the
			// next word (APIKey), except for a plural s that ends a word
			// (IDs, URLs).
			if rs[i] == 's' && (i+1 == len(rs) || class(rs[i+1]) != 2) {
				continue
			}
			flush(i - 1)
			start = i - 1
		}
	}
	flush(len(rs))
	return out
}
