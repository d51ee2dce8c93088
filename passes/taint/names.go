package taint

import (
	"go/types"

	"github.com/runtruth/runtruth/internal/secretname"
	"github.com/runtruth/runtruth/passes/config"
)

// namer decides whether an identifier names a secret value, with the
// vocabulary that oprun's redaction uses too (internal/secretname),
// extended by the configuration's secrets.words and secrets.ignore-words.
// It is built once per package.
type namer struct {
	*secretname.Namer
}

func newNamer(cfg *config.Config) *namer {
	if cfg == nil {
		return &namer{secretname.Default}
	}
	return &namer{secretname.New(cfg.Secrets.Words, cfg.Secrets.IgnoreWords)}
}

// sensitiveName reports whether the identifier names a secret value.
func (n *namer) sensitiveName(ident string) bool { return n.Sensitive(ident) }

// aboutName reports whether a field name names something about a value
// rather than the value's content: an ID, a name, a count, a type, a
// pagination cursor. Such a field read from a decoded provider payload is
// what a run may record.
func (n *namer) aboutName(ident string) bool { return n.About(ident) }

// words splits an identifier into lower-case words.
func words(ident string) []string { return secretname.Split(ident) }

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
