package taint

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/runtruth/runtruth/passes/model"
	"github.com/runtruth/runtruth/passes/providers"
)

// pkg is the analysis of one package: the summaries computed so far, the
// caches of what types and objects are, and the findings.
type pkg struct {
	pass  *analysis.Pass
	m     *model.Model
	names *namer

	sums     map[*ssa.Function]*Summary
	findings map[[2]token.Pos]*Finding

	facts     map[*types.Func]*Summary // imported summaries; nil value: none
	analyzed  map[*types.Package]bool
	typeSrc   map[types.Type]*Source
	fieldSrc  map[*types.Var]*Source
	holds     map[types.Type]*Source
	redacting map[types.Type]bool

	constVars   map[*types.Var]bool      // this package's, see ConstVar; others' through facts
	sinkMethods map[string][]*types.Func // methods with sink parameters, by name, built on first use
	ifaceSinks  map[string][]*types.Func // interface methods with sink parameters, by name, built on first use
	methods     map[methodKey]*types.Func

	calls  map[token.Pos]*ast.CallExpr // by Lparen, built on first use
	values map[token.Pos]ast.Expr      // stored value by the store's position, built on first use
}

func newPkg(pass *analysis.Pass, m *model.Model) *pkg {
	return &pkg{
		pass:      pass,
		m:         m,
		names:     newNamer(m.Config),
		sums:      map[*ssa.Function]*Summary{},
		findings:  map[[2]token.Pos]*Finding{},
		facts:     map[*types.Func]*Summary{},
		analyzed:  map[*types.Package]bool{},
		typeSrc:   map[types.Type]*Source{},
		fieldSrc:  map[*types.Var]*Source{},
		holds:     map[types.Type]*Source{},
		redacting: map[types.Type]bool{},
		methods:   map[methodKey]*types.Func{},
	}
}

type methodKey struct {
	t    types.Type
	name string
}

// method is methodNamed, cached.
func (pa *pkg) method(t types.Type, name string) *types.Func {
	k := methodKey{t, name}
	if fn, ok := pa.methods[k]; ok {
		return fn
	}
	fn := methodNamed(t, name)
	pa.methods[k] = fn
	return fn
}

// namedLocals reports whether a local variable of the package has a
// sensitive name and a string-like type: only then does the analysis need
// the SSA form's debug information, which maps variables to values.
func (pa *pkg) namedLocals() bool {
	for id, obj := range pa.pass.TypesInfo.Defs {
		v, ok := obj.(*types.Var)
		if !ok || (v.Kind() != types.LocalVar && v.Kind() != types.ResultVar) {
			continue // parameters are named in SSA; package variables are read by name
		}
		if stringLike(v.Type()) && pa.names.sensitiveName(id.Name) {
			return true
		}
	}
	return false
}

// addFinding records that src reaches sink at [pos, end). Of several
// sources reaching one place, the first in Source order is kept.
func (pa *pkg) addFinding(pos, end token.Pos, src *Source, sink Sink) {
	if src == nil || !pos.IsValid() {
		return
	}
	src = pa.stamp(label{src: src}, pos, Cond{}).src // read where it is used, at the latest
	k := [2]token.Pos{pos, end}
	if cur := pa.findings[k]; cur != nil && !src.less(&cur.Source) {
		return
	}
	s := *src
	s.param = 0
	pa.findings[k] = &Finding{Pos: pos, End: end, Source: s, Sink: sink}
}

// isConstVar reports whether the package-level variable v only ever holds
// constants (see ConstVar).
func (pa *pkg) isConstVar(v *types.Var) bool {
	if v.Pkg() == pa.pass.Pkg {
		return pa.constVars[v]
	}
	if c, ok := pa.constVars[v]; ok {
		return c
	}
	var f ConstVar
	c := v.Pkg() != nil && pa.pass.ImportObjectFact(v, &f) && f.Const
	pa.constVars[v] = c
	return c
}

// --- types ---

// cleanType reports whether values of t carry no secret: numbers,
// booleans, times, and pointers to them.
func cleanType(t types.Type) bool {
	if t == nil {
		return true
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if isTime(t) {
		return true
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsNumeric|types.IsBoolean) != 0
}

func isTime(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "time" {
		return false
	}
	switch n.Obj().Name() {
	case "Time", "Duration", "Month", "Weekday":
		return true
	}
	return false
}

// refType reports whether a value of t refers to memory that stores
// through it change: pointers, maps, slices, channels and interfaces
// (and type parameters, which may be any of them).
func refType(t types.Type) bool {
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice, *types.Chan, *types.Interface:
		return true
	}
	_, isParam := types.Unalias(t).(*types.TypeParam)
	return isParam
}

var errorIface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// isError reports whether t is an error type.
func isError(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, isParam := types.Unalias(t).(*types.TypeParam); isParam {
		return false
	}
	return types.Implements(t, errorIface)
}

// shortType names a named type as code in another package writes it.
func shortType(t types.Type) string {
	if n := model.Named(t); n != nil {
		if n.Obj().Pkg() != nil {
			return n.Obj().Pkg().Name() + "." + n.Obj().Name()
		}
		return n.Obj().Name()
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// secretType returns the source of values of t when t is a secret type
// (through one pointer), or nil.
func (pa *pkg) secretType(t types.Type) *Source {
	if t == nil {
		return nil
	}
	if s, ok := pa.typeSrc[t]; ok {
		return s
	}
	var s *Source
	if f := pa.m.TypeFact(t); f != nil && f.Secret {
		s = &Source{Kind: KindSecret, Desc: "secret " + shortType(t) + " value"}
	}
	pa.typeSrc[t] = s
	return s
}

// fieldSource returns the source that reading field f of the struct type
// owner (named or not) is, or nil: a secret field, a field of a secret
// type, a field whose name is sensitive and whose type is string-like, or
// the body of an *http.Response.
func (pa *pkg) fieldSource(owner types.Type, f *types.Var) *Source {
	if f == nil {
		return nil
	}
	if s, ok := pa.fieldSrc[f]; ok {
		return s
	}
	var s *Source
	ownerName := ""
	if n := model.Named(owner); n != nil {
		ownerName = n.Obj().Name()
	}
	switch {
	case f.Pkg() != nil && f.Pkg().Path() == "net/http" && f.Name() == "Body" && ownerName == "Response":
		s = &Source{Kind: KindBody, Desc: "http response body"}
	case pa.isSecretField(f):
		name := f.Name()
		if ownerName != "" {
			name = ownerName + "." + name
		}
		s = &Source{Kind: KindSecret, Desc: "secret field " + name}
	}
	pa.fieldSrc[f] = s
	return s
}

// structField returns the struct type that ptrOrStruct is or points to
// and its field i, or nils.
func structField(ptrOrStruct types.Type, i int) (types.Type, *types.Var) {
	t := ptrOrStruct
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return nil, nil
	}
	return t, st.Field(i)
}

func (pa *pkg) isSecretField(f *types.Var) bool {
	if of := pa.m.Object(f); of != nil && of.Secret {
		return true
	}
	if pa.secretType(f.Type()) != nil {
		return true
	}
	return stringLike(f.Type()) && pa.names.sensitiveName(f.Name())
}

// redactingType reports whether values of t format as a redacted text: t
// (or *t) has a String method declared a sanitizer, such as oprun.Secret.
func (pa *pkg) redactingType(t types.Type) bool {
	if t == nil {
		return false
	}
	if r, ok := pa.redacting[t]; ok {
		return r
	}
	pa.redacting[t] = false
	r := false
	if fn := pa.method(t, "String"); fn != nil {
		if f := pa.m.Object(fn); f != nil && f.Sanitizer {
			r = true
		}
	}
	pa.redacting[t] = r
	return r
}

// holdsSecret returns the source of a struct value of t (through
// pointers) that is formatted or marshalled whole while it has a secret
// field, or nil.
func (pa *pkg) holdsSecret(t types.Type) *Source {
	if t == nil {
		return nil
	}
	if s, ok := pa.holds[t]; ok {
		return s
	}
	pa.holds[t] = nil // cycles
	s := pa.holdsSecretDepth(t, 2)
	pa.holds[t] = s
	return s
}

func (pa *pkg) holdsSecretDepth(t types.Type, depth int) *Source {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || pa.redactingType(t) {
		return nil
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if pa.redactingType(f.Type()) {
			continue // formats as a redacted text
		}
		if s := pa.fieldSource(t, f); s != nil && s.Kind == KindSecret {
			return s
		}
	}
	if depth == 0 {
		return nil
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if pa.method(f.Type(), "String") != nil || pa.method(f.Type(), "Error") != nil {
			continue
		}
		if _, isPtr := f.Type().Underlying().(*types.Pointer); isPtr {
			continue // fmt prints a nested pointer as an address
		}
		if s := pa.holdsSecretDepth(f.Type(), depth-1); s != nil {
			return s
		}
	}
	return nil
}

// --- functions ---

// cleans reports whether the results of calling fn are clean whatever its
// arguments: sanitizers, hash sums, (*url.URL).Redacted, and the working
// directory and host name.
func (pa *pkg) cleans(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	if f := pa.m.Object(fn); f != nil && f.Sanitizer {
		return true
	}
	return hashOrRedacted(fn)
}

// hashOrRedacted reports whether fn is a hash sum, a password hash or key
// derivation, or (*url.URL).Redacted.
func hashOrRedacted(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	recv := ""
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		if n := model.Named(sig.Recv().Type()); n != nil {
			recv = n.Obj().Name()
		}
	}
	switch {
	case path == "net/url" && recv == "URL" && name == "Redacted":
		return true
	case path == "os" && recv == "" && (name == "Getwd" || name == "Hostname" || name == "UserHomeDir" || name == "Executable" || name == "TempDir"):
		return true // a directory or host name, whatever the variable is called (pwd)
	case path == "hash" || strings.HasPrefix(path, "hash/") ||
		path == "crypto/md5" || path == "crypto/sha1" || path == "crypto/sha256" || path == "crypto/sha512" || path == "crypto/sha3" ||
		path == "crypto/hmac" ||
		path == "golang.org/x/crypto/sha3" || path == "golang.org/x/crypto/blake2b" || path == "golang.org/x/crypto/blake2s" || path == "golang.org/x/crypto/md4":
		return strings.HasPrefix(name, "Sum") || strings.HasPrefix(name, "Checksum")
	case path == "golang.org/x/crypto/bcrypt":
		return name == "GenerateFromPassword"
	case path == "golang.org/x/crypto/argon2", path == "golang.org/x/crypto/scrypt", path == "golang.org/x/crypto/pbkdf2", path == "crypto/pbkdf2":
		return name == "Key" || name == "IDKey"
	}
	return false
}

// providerSource returns the source of the error results of calling fn
// when fn is a provider call, or nil.
func (pa *pkg) providerSource(fn *types.Func) *Source {
	if fn == nil || !providers.IsCall(pa.m, fn) {
		return nil
	}
	return &Source{Kind: KindProviderError, Desc: "provider error body from " + model.FuncName(fn)}
}

// credentialHeaders are the canonical HTTP headers whose values are
// credentials.
var credentialHeaders = [...]string{"authorization", "proxy-authorization", "cookie", "set-cookie"}

func credentialHeader(v ssa.Value) (string, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String {
		return "", false
	}
	s := strings.ToLower(strings.TrimSpace(constant.StringVal(c.Value)))
	for _, h := range credentialHeaders {
		if s == h {
			return canonicalHeader(s), true
		}
	}
	return "", false
}

func canonicalHeader(s string) string {
	parts := strings.Split(s, "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}

// isHTTPHeader reports whether t is net/http.Header.
func isHTTPHeader(t types.Type) bool {
	n := model.Named(t)
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Header"
}

// holds reports whether a value of type t can hold something behind a
// struct field: a struct, an interface, a func, or a pointer, slice, array,
// map or channel of one.
func holds(t types.Type) bool {
	for range 8 {
		switch u := t.Underlying().(type) {
		case *types.Basic:
			return false
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Chan:
			t = u.Elem()
		case *types.Map:
			if holds(u.Key()) {
				return true
			}
			t = u.Elem()
		default:
			return true
		}
	}
	return true
}

// at names pos for a message: the file's directory and name, and the line
// ("app/leaks.go:34"); "" for no position.
func (pa *pkg) at(pos token.Pos) string {
	if !pos.IsValid() {
		return ""
	}
	p := pa.pass.Fset.Position(pos)
	return filepath.Base(filepath.Dir(p.Filename)) + "/" + filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
}

// stamp gives l's sources that do not yet say where they are read the
// position pos, where a value labelled l is made, and the test only that
// holds there.
func (pa *pkg) stamp(l label, pos token.Pos, only Cond) label {
	if !pos.IsValid() {
		return l
	}
	at := func(s *Source) *Source {
		if s == nil || s.At != "" && !s.formatting {
			return s
		}
		c := *s
		c.pos = pos
		here := pa.at(pos)
		switch {
		case c.At == "":
			c.At = here
			c.Only = only
		case c.formatting:
			c.FormattedAt = here
		}
		c.formatting = false
		return &c
	}
	l.src = at(l.src)
	return l
}
