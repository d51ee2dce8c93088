package taint

import (
	"go/types"
	"strings"
	"unicode"

	"github.com/runtruth/runtruth/passes/config"
)

// sensitiveWords are the words (or runs of words written together, such
// as "apikey" for apiKey, api_key and APIKey) that make an identifier name
// a secret value: a source of the runsecrets check.
var sensitiveWords = [...]string{
	"password", "passwd", "passphrase", "secret", "token", "apikey",
	"accesskey", "privatekey", "clientsecret", "credential", "credentials",
	"bearer", "authorization", "cookie", "sessionkey", "refreshtoken",
	"connectionstring",
}

// notValueWords mark an identifier as naming something about the secret
// rather than the secret itself (tokenCount, passwordPolicy, secretName).
// They count when they come after the last sensitive word: tokenID is the
// ID of a token, while idToken is a token.
var notValueWords = [...]string{
	"count", "len", "length", "size", "expiry", "expires", "url", "uri",
	"endpoint", "name", "id", "ref", "path", "file", "type", "kind",
	"policy", "less", "reset",
}

// transformedWords mark the value as transformed, wherever they stand:
// hashedPassword and passwordHash are both not the password.
var transformedWords = [...]string{"hash", "hashed", "digest", "redacted", "masked"}

// pageWords, before the word token, make it a pagination or sync cursor
// (nextToken, pageToken, skipToken, deltaToken), which APIs hand out to
// resume a listing and which is no credential.
var pageWords = [...]string{"next", "page", "pagination", "continuation", "skip", "delta", "sync", "cursor", "resume"}

// maxWordRun bounds how many consecutive words a sensitive word may span
// (connection+string, client+secret, private+key).
const maxWordRun = 3

// namer decides whether an identifier names a secret value. It is built
// once per package from the configuration.
type namer struct {
	sensitive   map[string]bool
	after       map[string]bool // not-value words that count after the secret word
	anywhere    map[string]bool // not-value words that count anywhere
	page        map[string]bool // words that make a token a cursor
	maxSpanWord int
}

func newNamer(cfg *config.Config) *namer {
	n := &namer{sensitive: map[string]bool{}, after: map[string]bool{}, anywhere: map[string]bool{}, page: map[string]bool{}, maxSpanWord: maxWordRun}
	for _, w := range pageWords {
		n.page[w] = true
	}
	for _, w := range sensitiveWords {
		n.sensitive[w] = true
	}
	for _, w := range notValueWords {
		n.after[w] = true
	}
	for _, w := range transformedWords {
		n.anywhere[w] = true
	}
	if cfg != nil {
		for _, w := range cfg.Secrets.Words {
			if k := normWord(w); k != "" {
				n.sensitive[k] = true
				if c := len(words(w)); c > n.maxSpanWord {
					n.maxSpanWord = c
				}
			}
		}
		for _, w := range cfg.Secrets.IgnoreWords {
			if k := normWord(w); k != "" {
				n.anywhere[k] = true
				delete(n.sensitive, k)
			}
		}
	}
	return n
}

// normWord lower-cases a configured word and drops separators, so that
// "api_key", "apiKey" and "APIKey" all configure "apikey".
func normWord(w string) string { return strings.Join(words(w), "") }

// sensitiveName reports whether the identifier names a secret value: one of
// its words (or a run of them) is sensitive, and no word marks it as not
// the value.
func (n *namer) sensitiveName(ident string) bool {
	if ident == "" || ident == "_" {
		return false
	}
	ws := words(ident)
	last := -1 // index of the last word of the last sensitive match
	for i := range ws {
		if n.anywhere[ws[i]] || n.anywhere[singular(ws[i])] {
			return false
		}
		var joined strings.Builder
		for j := i; j < len(ws) && j-i < n.maxSpanWord; j++ {
			joined.WriteString(ws[j])
			k := joined.String()
			if !n.sensitive[k] && !n.sensitive[singular(k)] {
				continue
			}
			if singular(k) == "token" && i > 0 && n.page[ws[i-1]] {
				continue // a cursor: nextToken, deltaToken
			}
			last = max(last, j)
		}
	}
	if last < 0 {
		return false
	}
	for _, w := range ws[last+1:] {
		if n.after[w] || n.after[singular(w)] || n.anywhere[w] {
			return false
		}
	}
	return true
}

// aboutName reports whether a field name names something about a value
// rather than the value's content: an ID, a name, a count, a type, a
// pagination cursor. Such a field read from a decoded provider payload is
// what a run may record.
func (n *namer) aboutName(ident string) bool {
	ws := words(ident)
	for i, w := range ws {
		if n.after[w] || n.after[singular(w)] || w == "cursor" {
			return true
		}
		if singular(w) == "token" && i > 0 && n.page[ws[i-1]] {
			return true // a cursor
		}
	}
	return false
}

// singular drops a plural "s" ("tokens", "ids") or "es" ("hashes").
func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "es") && (strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses")):
		return w[:len(w)-2]
	case len(w) > 2 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// words splits an identifier into lower-case words at underscores and
// other separators, lower-to-upper case changes, letter-digit changes and
// the end of an upper-case run (APIKey is API, Key; tokenIDs is token,
// IDs).
func words(ident string) []string {
	var out []string
	rs := []rune(ident)
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

// stringLike reports whether values of t can carry a secret by name: a
// string type, a []byte, or a pointer to either.
func stringLike(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}
