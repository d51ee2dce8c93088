package proofboundary

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/internal/astx"
	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/model"
)

// Analyzer reports runs, run statuses and outcomes, and values read from
// them, inside customer-facing proof types.
var Analyzer = &analysis.Analyzer{
	Name:       "proofboundary",
	Doc:        checkdoc.MustExtract(doc, "proofboundary"),
	URL:        "https://github.com/runtruth/runtruth#proofboundary",
	Requires:   []*analysis.Analyzer{model.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

const evidence = "record the customer-facing evidence itself (its own verified result type) and link the run by its ID"

type checker struct {
	pass  *analysis.Pass
	m     *model.Model
	rep   *model.Reporter
	files map[*token.File]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	c := &checker{pass: pass, m: m, rep: m.NewReporter(pass), files: map[*token.File]bool{}}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Package); tf != nil {
			c.files[tf] = true
		}
	}
	c.checkProofTypes()
	for _, f := range pass.Files {
		if m.Skip(pass, f) {
			continue
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if fd.Body != nil {
					c.checkValues(fd.Body, c.taint(fd.Body))
				}
				continue
			}
			c.checkValues(decl, nil)
		}
	}
	return c.rep.Result(), nil
}

// isProof returns the named proof type that t is (through one pointer),
// or nil.
func (c *checker) isProof(t types.Type) *types.Named {
	n := model.Named(t)
	if n == nil {
		return nil
	}
	if f := c.m.Object(n.Obj()); f != nil && f.Proof {
		if _, ok := n.Underlying().(*types.Struct); ok {
			return n
		}
	}
	return nil
}

// checkProofTypes reports the fields of the package's proof types whose
// type holds a run type or the named type of a guarded field.
func (c *checker) checkProofTypes() {
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n := c.isProof(tn.Type())
		if n == nil || n.Obj() != tn {
			continue
		}
		c.checkStruct(tn, "", n.Underlying().(*types.Struct))
	}
}

// checkStruct checks the fields of st, a proof type or an anonymous struct
// nested in one; path is the field path to st ("" or "Detail").
func (c *checker) checkStruct(tn *types.TypeName, path string, st *types.Struct) {
	for i := range st.NumFields() {
		f := st.Field(i)
		name := f.Name()
		if path != "" {
			name = path + "." + name
		}
		// A proof type defined from another package's struct has its
		// fields there: report at the type's name.
		pos := f.Pos()
		if tf := c.pass.Fset.File(pos); tf == nil || !c.files[tf] {
			pos = tn.Pos()
		}
		if held := c.held(f.Type()); held != "" {
			c.rep.Reportf(rng{pos}, "proof type %s field %s holds %s; %s", tn.Name(), name, held, evidence)
			continue
		}
		if inner, ok := elem(f.Type()).(*types.Struct); ok {
			c.checkStruct(tn, name, inner)
		}
	}
}

// elem returns t without its pointer, slice, array and map layers (for a
// map, its element).
func elem(t types.Type) types.Type {
	for {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Map:
			t = u.Elem()
		default:
			return u
		}
	}
}

// held describes the run type or guarded field type that t is or holds
// (by pointer, slice, array, map key or element), or returns "".
func (c *checker) held(t types.Type) string {
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		return c.held(u.Elem())
	case *types.Slice:
		return c.held(u.Elem())
	case *types.Array:
		return c.held(u.Elem())
	case *types.Map:
		if h := c.held(u.Key()); h != "" {
			return h
		}
		return c.held(u.Elem())
	case *types.Named:
		if r := c.m.RunType(u); r != nil {
			return "run record " + r.Short()
		}
		if r, field := guardedType(c.m, u); r != nil {
			return "run " + noun(field) + " type " + qualified(u)
		}
	}
	return ""
}

// guardedType returns a run type with a guarded field of the named type n
// and that field's name, when n is declared in one of the run's owner
// packages: a type such as time.Time is not run truth of its own.
func guardedType(m *model.Model, n *types.Named) (*model.RunDecl, string) {
	if n.Obj().Pkg() == nil {
		return nil, ""
	}
	qn := n.Obj().Pkg().Path() + "." + n.Obj().Name()
	for _, r := range m.GuardedType(n) {
		if !model.IsOwner(r, n.Obj().Pkg().Path()) {
			continue
		}
		for i, ft := range r.FieldTypes {
			if ft == qn && i < len(r.Fields) {
				return r, r.Fields[i]
			}
		}
	}
	return nil, ""
}

// noun names a guarded field in messages: "status", "outcome" or
// "lifecycle field State".
func noun(field string) string {
	switch field {
	case "Status":
		return "status"
	case "Outcome":
		return "outcome"
	}
	return "lifecycle field " + field
}

func qualified(n *types.Named) string {
	if n.Obj().Pkg() == nil {
		return n.Obj().Name()
	}
	return n.Obj().Pkg().Name() + "." + n.Obj().Name()
}

// rng is a position as an analysis.Range.
type rng struct{ pos token.Pos }

func (r rng) Pos() token.Pos { return r.pos }
func (r rng) End() token.Pos { return token.NoPos }

// source is a read of a guarded run field that a value comes from.
type source struct {
	field *types.Var
	run   *model.RunDecl
	via   *types.Var // the local variable it flows through, or nil
}

// localVar returns the local variable that id declares or uses, or nil.
func (c *checker) localVar(id *ast.Ident) *types.Var {
	obj := c.pass.TypesInfo.Defs[id]
	if obj == nil {
		obj = c.pass.TypesInfo.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Pkg() != c.pass.Pkg || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return nil
	}
	return v
}

// reads returns the first read of a guarded run field in e, directly or
// through a tainted local variable.
func (c *checker) reads(e ast.Node, taint map[*types.Var]source) (source, bool) {
	var found source
	ok := false
	ast.Inspect(e, func(n ast.Node) bool {
		if ok {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			s := c.pass.TypesInfo.Selections[n]
			if s == nil || s.Kind() != types.FieldVal {
				return true
			}
			if f, isVar := s.Obj().(*types.Var); isVar {
				if r := c.m.GuardedField(f); r != nil {
					found, ok = source{field: f, run: r}, true
					return false
				}
			}
			// Tainting is not field-sensitive: another field of a local
			// struct is not taken to come from a run's guarded field.
			if id, isIdent := ast.Unparen(n.X).(*ast.Ident); isIdent && c.localVar(id) != nil {
				return false
			}
		case *ast.Ident:
			if v := c.localVar(n); v != nil {
				if src, tainted := taint[v]; tainted {
					found, ok = source{field: src.field, run: src.run, via: v}, true
					return false
				}
			}
		}
		return true
	})
	return found, ok
}

// root returns the local variable that an assignment to lhs writes (x in
// x, x[i], *x), or nil. An assignment to a field x.f does not taint x: a
// struct's other fields stay clean.
func (c *checker) root(lhs ast.Expr) *types.Var {
	if id, ok := astx.Base(lhs).(*ast.Ident); ok {
		return c.localVar(id)
	}
	return nil
}

// taint returns the local variables of a function body (closures
// included) that are assigned, anywhere in the body, a value that reads a
// guarded run field directly or through another such variable. It is
// flow-insensitive: a variable once assigned such a value is tainted in
// the whole function.
func (c *checker) taint(body *ast.BlockStmt) map[*types.Var]source {
	taint := map[*types.Var]source{}
	mark := func(lhs ast.Expr, rhs ast.Node) bool {
		v := c.root(lhs)
		if v == nil {
			return false
		}
		if _, done := taint[v]; done {
			return false
		}
		src, ok := c.reads(rhs, taint)
		if !ok {
			return false
		}
		if src.via != nil {
			src = taint[src.via]
		}
		taint[v] = source{field: src.field, run: src.run}
		return true
	}
	for changed := true; changed; {
		changed = false
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					switch {
					case len(n.Lhs) == len(n.Rhs):
						changed = mark(lhs, n.Rhs[i]) || changed
					case len(n.Rhs) == 1:
						changed = mark(lhs, n.Rhs[0]) || changed
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					switch {
					case len(n.Names) == len(n.Values):
						changed = mark(id, n.Values[i]) || changed
					case len(n.Values) == 1:
						changed = mark(id, n.Values[0]) || changed
					}
				}
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil {
						changed = mark(e, n.X) || changed
					}
				}
			}
			return true
		})
	}
	return taint
}

// checkValues reports the field values of proof literals and the values
// assigned to proof fields in n that read a guarded run field.
func (c *checker) checkValues(n ast.Node, taint map[*types.Var]source) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			c.checkLiteral(n, taint)
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				return true
			}
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				switch {
				case len(n.Lhs) == len(n.Rhs):
					rhs = n.Rhs[i]
				case len(n.Rhs) == 1:
					rhs = n.Rhs[0]
				default:
					continue
				}
				if proof, field := c.proofField(lhs); proof != nil {
					if src, ok := c.reads(rhs, taint); ok {
						c.report(lhs, proof, field, src)
					}
				}
			}
		}
		return true
	})
}

// checkLiteral reports the field values of a proof literal that read a
// guarded run field.
func (c *checker) checkLiteral(lit *ast.CompositeLit, taint map[*types.Var]source) {
	tv, ok := c.pass.TypesInfo.Types[lit]
	if !ok {
		return
	}
	proof := c.isProof(tv.Type)
	if proof == nil {
		return
	}
	st := proof.Underlying().(*types.Struct)
	for i, elt := range lit.Elts {
		value, name := elt, ""
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			value = kv.Value
			if id, ok := kv.Key.(*ast.Ident); ok {
				name = id.Name
			}
		} else if i < st.NumFields() {
			name = st.Field(i).Name()
		}
		if name == "" {
			continue
		}
		if src, ok := c.reads(value, taint); ok {
			c.report(elt, proof, name, src)
		}
	}
}

// proofField returns the proof type and its field that an assignment to
// lhs writes (p.F, p.F.G, p.F[i], *p.F), or nil.
func (c *checker) proofField(lhs ast.Expr) (*types.Named, string) {
	for {
		e, ok := astx.Base(lhs).(*ast.SelectorExpr)
		if !ok {
			return nil, ""
		}
		s := c.pass.TypesInfo.Selections[e]
		if s == nil || s.Kind() != types.FieldVal {
			return nil, ""
		}
		if proof := c.isProof(declaringType(s)); proof != nil {
			return proof, e.Sel.Name
		}
		lhs = e.X
	}
}

// declaringType returns the struct type (possibly named) that declares
// the selected field, following embedded fields.
func declaringType(s *types.Selection) types.Type {
	t := s.Recv()
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		u := types.Unalias(t)
		if p, ok := u.Underlying().(*types.Pointer); ok {
			u = types.Unalias(p.Elem())
		}
		st, ok := u.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		t = st.Field(i).Type()
	}
	return t
}

func (c *checker) report(at analysis.Range, proof *types.Named, field string, src source) {
	what := "run " + noun(src.field.Name()) + " " + src.run.Short() + "." + src.field.Name()
	if src.via != nil {
		what += " through local variable " + src.via.Name()
	}
	c.rep.Reportf(at, "proof type %s field %s is set from %s; %s, not the run's %s",
		qualified(proof), field, what, evidence, noun(src.field.Name()))
}
