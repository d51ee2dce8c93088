package dupetruth

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/analyzers/internal/astx"
	"github.com/runtruth/runtruth/analyzers/internal/fate"
	"github.com/runtruth/runtruth/passes/model"
)

// Copy marks a function whose result is a value read from a run's guarded
// field: a caller that stores the result keeps a copy of the truth.
type Copy struct {
	Run   string // the run type, qualified: "example.com/jobs.Job"
	Field string // the guarded field
}

// AFact marks Copy as an analysis fact.
func (*Copy) AFact() {}

func (c *Copy) String() string { return "copy(" + c.Run + "." + c.Field + ")" }

// origin is where a value comes from: a guarded field of a run type.
type origin struct {
	run   *model.RunDecl
	field string
}

// copies finds, in one package, the values read from guarded fields and
// where they are stored.
type copies struct {
	pass *analysis.Pass
	m    *model.Model
	// vars holds the local variables that a guarded value is assigned to.
	vars map[*types.Var]origin
	// funcs holds the functions of the package whose result is one.
	funcs map[*types.Func]origin
	fates *fate.Fates
}

// outlives reports whether the struct that holder stores into, or builds,
// outlives its function: it is returned, stored or handed to a write, or
// it is reached through a parameter, a package variable or another
// value's field. A struct that a function builds, fills and then only
// reads, encodes or logs lives for one call.
func (c *copies) outlives(holder ast.Expr) bool {
	if lit, ok := holder.(*ast.CompositeLit); ok {
		return c.fates.Of(lit) != fate.Stays
	}
	id := astx.Root(holder)
	if id == nil {
		return true
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() || c.fates.IsParam(v) {
		return true
	}
	return c.fates.Var(v) != fate.Stays
}

// valueOf returns where the value of e comes from, when it is read from a
// guarded field: directly, through a local variable, a conversion, an
// append or a function's result.
func (c *copies) valueOf(e ast.Expr) (origin, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if sel := c.pass.TypesInfo.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			if v, ok := sel.Obj().(*types.Var); ok {
				if r := c.m.GuardedField(v); r != nil {
					return origin{r, v.Name()}, true
				}
			}
		}
	case *ast.Ident:
		if v, ok := c.pass.TypesInfo.Uses[e].(*types.Var); ok {
			o, ok := c.vars[v]
			return o, ok
		}
	case *ast.StarExpr:
		return c.valueOf(e.X)
	case *ast.CallExpr:
		if tv, ok := c.pass.TypesInfo.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.valueOf(e.Args[0]) // a conversion
		}
		if b, ok := typeutil.Callee(c.pass.TypesInfo, e).(*types.Builtin); ok && b.Name() == "append" {
			for _, a := range e.Args[min(1, len(e.Args)):] {
				if o, ok := c.valueOf(a); ok {
					return o, true
				}
			}
			return origin{}, false
		}
		if fn, ok := typeutil.Callee(c.pass.TypesInfo, e).(*types.Func); ok {
			return c.result(fn)
		}
	}
	return origin{}, false
}

// result returns where fn's result comes from, when it is a guarded
// field's value: from this package's functions, or from a fact.
func (c *copies) result(fn *types.Func) (origin, bool) {
	fn = fn.Origin()
	if o, ok := c.funcs[fn]; ok {
		return o, true
	}
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return origin{}, false
	}
	var f Copy
	if !c.pass.ImportObjectFact(fn, &f) {
		return origin{}, false
	}
	if r := c.m.RunNamed(f.Run); r != nil {
		return origin{r, f.Field}, true
	}
	return origin{}, false
}

// scan follows assignments to local variables and function results in
// every function of the package until nothing changes.
func (c *copies) scan(files []*ast.File) {
	for range 4 {
		changed := false
		for _, f := range files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				if c.scanFunc(fd) {
					changed = true
				}
			}
		}
		if !changed {
			return
		}
	}
}

func (c *copies) scanFunc(fd *ast.FuncDecl) bool {
	changed := false
	local := func(id *ast.Ident, e ast.Expr) {
		v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok || v.IsField() || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
			return
		}
		if _, done := c.vars[v]; done {
			return
		}
		if o, ok := c.valueOf(e); ok {
			c.vars[v] = o
			changed = true
		}
	}
	fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok {
						local(id, n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					local(id, n.Values[i])
				}
			}
		case *ast.FuncLit:
			return true // its returns are its own, its assignments ours
		case *ast.ReturnStmt:
			if fn == nil || c.funcs[fn] != (origin{}) || !returnsOf(fd, n) {
				return true
			}
			for _, r := range n.Results {
				if o, ok := c.valueOf(r); ok {
					c.funcs[fn] = o
					changed = true
					break
				}
			}
		}
		return true
	})
	return changed
}

// returnsOf reports whether ret returns from fd, not from a func literal
// inside it.
func returnsOf(fd *ast.FuncDecl, ret *ast.ReturnStmt) bool {
	inLit := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			if lit.Pos() <= ret.Pos() && ret.End() <= lit.End() {
				inLit = true
			}
			return false
		}
		return !inLit
	})
	return !inLit
}

// store is a guarded field's value stored into a struct field.
type store struct {
	field  *types.Var
	owner  *types.Named // the struct type that declares field, if named
	at     token.Pos    // the stored value
	from   origin
	holder ast.Expr // the struct literal, or the variable or expression stored into
}

// stores returns, in source order, the stores of guarded values into
// struct fields: assignments to a field or to an element of it, and
// elements of struct literals.
func (c *copies) stores(files []*ast.File, skip func(*ast.File) bool) []store {
	var out []store
	add := func(f *types.Var, owner types.Type, value, holder ast.Expr) {
		if f == nil || !f.IsField() {
			return
		}
		if o, ok := c.valueOf(value); ok {
			out = append(out, store{field: f, owner: model.Named(owner), at: value.Pos(), from: o, holder: holder})
		}
	}
	for _, file := range files {
		if skip(file) {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					return true
				}
				for i, l := range n.Lhs {
					if f, owner := c.fieldOf(l); f != nil {
						add(f, owner, n.Rhs[i], l)
					}
				}
			case *ast.CompositeLit:
				t := c.pass.TypesInfo.TypeOf(n)
				if t == nil {
					return true
				}
				st, ok := t.Underlying().(*types.Struct)
				if !ok {
					return true
				}
				for i, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							f, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
							add(f, t, kv.Value, n)
						}
					} else if i < st.NumFields() {
						add(st.Field(i), t, e, n)
					}
				}
			}
			return true
		})
	}
	return out
}

// fieldOf returns the struct field that an assignment to lhs stores into
// (x.F, x.F[k], x.F[i]) and the struct type it belongs to. A store as a
// map key is not one: the key names an entry, it is not kept as a value.
func (c *copies) fieldOf(lhs ast.Expr) (*types.Var, types.Type) {
	for {
		switch x := ast.Unparen(lhs).(type) {
		case *ast.IndexExpr:
			lhs = x.X
			continue
		case *ast.StarExpr:
			lhs = x.X
			continue
		case *ast.SelectorExpr:
			sel := c.pass.TypesInfo.Selections[x]
			if sel == nil || sel.Kind() != types.FieldVal {
				return nil, nil
			}
			f, _ := sel.Obj().(*types.Var)
			return f, sel.Recv()
		}
		return nil, nil
	}
}

// runCopies reports the struct fields that a guarded field's value is
// stored into, outside the run's owners, and exports the functions that
// return such a value.
func runCopies(pass *analysis.Pass, m *model.Model, rep *model.Reporter) {
	c := &copies{pass: pass, m: m, vars: map[*types.Var]origin{}, funcs: map[*types.Func]origin{}, fates: fate.New(pass, m)}
	c.scan(pass.Files)
	for fn, o := range c.funcs {
		pass.ExportObjectFact(fn, &Copy{Run: o.run.QualifiedName(), Field: o.field})
	}
	oneFunc := typesUsedInOneFunc(pass)
	reported := map[*types.Var]bool{}
	for _, s := range c.stores(pass.Files, func(f *ast.File) bool { return m.Skip(pass, f) }) {
		r := s.from.run
		if m.IsOwner(r) || reported[s.field] || !keeps(s.field.Type(), guardedType(r, s.from.field)) {
			continue
		}
		if s.owner == nil || m.RunType(s.owner) != nil {
			continue // an anonymous struct, or a run itself
		}
		tn := s.owner.Obj()
		if tn.Parent() != nil && tn.Parent() != tn.Pkg().Scope() || oneFunc[tn] {
			continue // a type declared in, or used in, one function only
		}
		if !c.outlives(s.holder) {
			continue // a value for one call: encoded, logged, compared
		}
		reported[s.field] = true
		what := noun(s.from.field)
		read := r.Short() + "." + s.from.field
		name := tn.Name() + "." + s.field.Name()
		if s.field.Pkg() == pass.Pkg {
			rep.Report(analysis.Diagnostic{
				Pos:     s.field.Pos(),
				End:     s.field.Pos() + token.Pos(len(s.field.Name())),
				Message: "field " + name + " keeps its own copy of run " + what + " " + read + " (competing run truth); " + instead(r),
				Related: []analysis.RelatedInformation{{Pos: s.at, Message: "copied from " + read + " here"}},
			})
			continue
		}
		rep.Report(analysis.Diagnostic{
			Pos:     s.at,
			Message: "copy of run " + what + " " + read + " kept in field " + tn.Pkg().Name() + "." + name + " (competing run truth); " + instead(r),
		})
	}
}

// guardedType returns the qualified name of the type of run r's guarded
// field, or "".
func guardedType(r *model.RunDecl, field string) string {
	for i, f := range r.Fields {
		if f == field && i < len(r.FieldTypes) {
			return r.FieldTypes[i]
		}
	}
	return ""
}

// keeps reports whether a value of type t holds a value of the named type
// qn, other than as a map key: directly, by pointer, slice, array, map
// element or channel element. An unnamed guarded type ("") is any type.
func keeps(t types.Type, qn string) bool {
	if qn == "" {
		return true
	}
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		o := u.Origin().Obj()
		return o.Pkg() != nil && o.Pkg().Path()+"."+o.Name() == qn
	case *types.Pointer:
		return keeps(u.Elem(), qn)
	case *types.Slice:
		return keeps(u.Elem(), qn)
	case *types.Array:
		return keeps(u.Elem(), qn)
	case *types.Chan:
		return keeps(u.Elem(), qn)
	case *types.Map:
		return keeps(u.Elem(), qn)
	}
	return false
}

// typesUsedInOneFunc returns the unexported types of the package that
// only one function refers to: a struct that lives for one call.
func typesUsedInOneFunc(pass *analysis.Pass) map[*types.TypeName]bool {
	funcs := map[*types.TypeName]map[*ast.FuncDecl]bool{}
	outside := map[*types.TypeName]bool{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, _ := d.(*ast.FuncDecl)
			ast.Inspect(d, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				tn, ok := pass.TypesInfo.Uses[id].(*types.TypeName)
				if !ok || tn.Pkg() != pass.Pkg || tn.Exported() {
					return true
				}
				if fd == nil || fd.Body == nil || id.Pos() < fd.Body.Pos() {
					outside[tn] = true // in a declaration or a signature
					return true
				}
				if funcs[tn] == nil {
					funcs[tn] = map[*ast.FuncDecl]bool{}
				}
				funcs[tn][fd] = true
				return true
			})
		}
	}
	one := map[*types.TypeName]bool{}
	for tn, fds := range funcs {
		if len(fds) == 1 && !outside[tn] {
			one[tn] = true
		}
	}
	return one
}
