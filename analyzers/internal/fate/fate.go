// Package fate tells what becomes of a value in the function that makes
// it: it stays there (read, compared, formatted, dropped, handed to code
// that reads it), it is returned, or it may be written (stored where the
// function's locals do not reach, sent on a channel, handed to a store's
// or an ORM's write, or to a function that writes what it receives). The
// checks use it to tell a run built to be shown from one built to be
// written, and a pointer that is only read through from one that is
// written through.
package fate

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/analyzers/internal/astx"
	"github.com/runtruth/runtruth/internal/stdlib"
	"github.com/runtruth/runtruth/passes/model"
)

// Fate is what becomes of a value in its function.
type Fate uint8

// The fates, from the most harmless.
const (
	Stays    Fate = iota // read, compared, formatted, dropped, or handed to code that reads it
	Returned             // returned: its callers decide
	Written              // may be written: stored, sent, or handed to a write
)

func (f Fate) String() string {
	switch f {
	case Stays:
		return "stays"
	case Returned:
		return "returned"
	}
	return "written"
}

// maxUp bounds the expressions walked up from a value, and the variables
// followed, for one Fate.
const maxUp = 16

// Fates computes the Fates of values in one package.
type Fates struct {
	// Imported, when set, reads the fates of an imported function's
	// parameters (the receiver first) from the analyzer's facts: of run
	// values, or of pointers (through).
	Imported func(fn *types.Func, through bool) ([]uint8, bool)

	pass    *analysis.Pass
	m       *model.Model
	through bool // the fate of a pointer: also Written when written through
	parent  map[ast.Node]ast.Node
	funcOf  map[*types.Func]*ast.FuncDecl
	uses    map[*types.Var][]*ast.Ident
	params  map[*types.Var]bool // parameters and results of functions and func literals
	defs    map[*types.Var]*ast.Ident
	vars    map[*types.Var]Fate
	pending map[*types.Var]bool
	scanned map[ast.Decl]bool // the declarations indexed so far
}

// New returns the Fates of the values of the package under analysis.
func New(pass *analysis.Pass, m *model.Model) *Fates {
	fs := &Fates{
		pass:    pass,
		m:       m,
		parent:  map[ast.Node]ast.Node{},
		funcOf:  map[*types.Func]*ast.FuncDecl{},
		uses:    map[*types.Var][]*ast.Ident{},
		params:  map[*types.Var]bool{},
		defs:    map[*types.Var]*ast.Ident{},
		vars:    map[*types.Var]Fate{},
		pending: map[*types.Var]bool{},
		scanned: map[ast.Decl]bool{},
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					fs.funcOf[fn] = fd
				}
			}
		}
	}
	return fs
}

// ensure indexes the top-level declaration that holds pos, once: the
// parents of its nodes, and the definitions, uses and parameters of its
// variables. A value's fate is decided within its function, so only the
// declarations that a question reaches are indexed.
func (fs *Fates) ensure(pos token.Pos) {
	if !pos.IsValid() {
		return
	}
	for _, f := range fs.pass.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		i := sort.Search(len(f.Decls), func(i int) bool { return f.Decls[i].End() > pos })
		if i < len(f.Decls) && f.Decls[i].Pos() <= pos {
			fs.index(f.Decls[i])
		}
		return
	}
}

func (fs *Fates) index(d ast.Decl) {
	if fs.scanned[d] {
		return
	}
	fs.scanned[d] = true
	info := fs.pass.TypesInfo
	addParams := func(lists ...*ast.FieldList) {
		for _, l := range lists {
			if l == nil {
				continue
			}
			for _, f := range l.List {
				for _, id := range f.Names {
					if v, ok := info.Defs[id].(*types.Var); ok {
						fs.params[v] = true
					}
				}
			}
		}
	}
	var stack []ast.Node
	ast.Inspect(d, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			fs.parent[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncDecl:
			addParams(n.Recv, n.Type.Params, n.Type.Results)
		case *ast.FuncLit:
			addParams(n.Type.Params, n.Type.Results)
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && !v.IsField() {
				fs.uses[v] = append(fs.uses[v], n)
			}
			if v, ok := info.Defs[n].(*types.Var); ok && !v.IsField() {
				fs.defs[v] = n
			}
		}
		return true
	})
}

// local reports whether v is a variable of a function: a local or a
// parameter, not a package variable.
func (fs *Fates) local(v *types.Var) bool {
	return v != nil && !v.IsField() && v.Pkg() == fs.pass.Pkg && v.Parent() != nil && v.Parent() != fs.pass.Pkg.Scope()
}

// of returns the Fate of the value of e, an expression of run r's value.
func (fs *Fates) of(e ast.Expr, depth int) Fate {
	fs.ensure(e.Pos())
	var n ast.Node = e
	for range maxUp {
		p := fs.parent[n]
		if fs.through {
			// A pointer is written through when what it points to is
			// assigned: *p = v, p.F = v, p.F[i]++.
			switch x := p.(type) {
			case *ast.StarExpr, *ast.SelectorExpr, *ast.IndexExpr:
				if fs.assignedTo(x.(ast.Expr), n) {
					return Written
				}
			}
		}
		switch p := p.(type) {
		case *ast.ParenExpr, *ast.StarExpr, *ast.TypeAssertExpr, *ast.CompositeLit:
			n = p // the same value, or a literal that holds it
			continue
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				n = p
				continue
			}
			return Stays
		case *ast.KeyValueExpr:
			if p.Value != n {
				return Stays // a key
			}
			n = p
			continue
		case *ast.SelectorExpr:
			if call, ok := fs.parent[p].(*ast.CallExpr); ok && call.Fun == p {
				if s := fs.pass.TypesInfo.Selections[p]; s != nil && s.Kind() == types.MethodVal {
					return fs.call(call, -1, depth)
				}
			}
			return Stays // a field read or written, not the value
		case *ast.CallExpr:
			if p.Fun == n {
				return Stays
			}
			for i, a := range p.Args {
				if a == n {
					return fs.call(p, i, depth)
				}
			}
			return Stays
		case *ast.AssignStmt:
			for i, rhs := range p.Rhs {
				if rhs == n && len(p.Lhs) == len(p.Rhs) {
					return fs.assign(p.Lhs[i], depth)
				}
			}
			if p.Tok == token.DEFINE || p.Tok == token.ASSIGN {
				return Stays // n is assigned to, or its own tuple
			}
			return Stays
		case *ast.ValueSpec:
			for i, v := range p.Values {
				if v == n && i < len(p.Names) {
					return fs.variable(fs.pass.TypesInfo.Defs[p.Names[i]], depth)
				}
			}
			return Stays
		case *ast.ReturnStmt:
			if fs.inLiteral(p) {
				return Written // returned by a func literal: not followed
			}
			return Returned
		case *ast.SendStmt:
			if p.Value == n {
				return Written
			}
			return Stays
		case *ast.RangeStmt:
			if p.X != n {
				return Stays
			}
			f := Stays
			for _, x := range []ast.Expr{p.Key, p.Value} {
				if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
					f = max(f, fs.variable(fs.pass.TypesInfo.ObjectOf(id), depth))
				}
			}
			return f
		case *ast.IndexExpr:
			if p.X != n {
				return Stays // an index
			}
			n = p // an element of it
			continue
		case *ast.SliceExpr:
			if p.X != n {
				return Stays
			}
			n = p
			continue
		case *ast.IndexListExpr, *ast.BinaryExpr, *ast.ExprStmt,
			*ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.CaseClause, *ast.IncDecStmt:
			return Stays
		}
		return Written // anything else is not followed
	}
	return Written
}

// inLiteral reports whether n is inside a func literal.
func (fs *Fates) inLiteral(n ast.Node) bool {
	for p := fs.parent[n]; p != nil; p = fs.parent[p] {
		switch p.(type) {
		case *ast.FuncLit:
			return true
		case *ast.FuncDecl:
			return false
		}
	}
	return false
}

// assign returns the Fate of a value assigned to lhs.
func (fs *Fates) assign(lhs ast.Expr, depth int) Fate {
	switch x := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if x.Name == "_" {
			return Stays
		}
		return fs.variable(fs.pass.TypesInfo.ObjectOf(x), depth)
	case *ast.IndexExpr, *ast.SelectorExpr, *ast.StarExpr:
		// Into a local's element or field: what becomes of the local.
		// Into anything else: a store.
		if id := astx.Root(x); id != nil {
			if v, ok := fs.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && fs.local(v) && !fs.param(v) {
				return fs.variable(v, depth)
			}
		}
	}
	return Written
}

// param reports whether v is a parameter or a result of its function.
func (fs *Fates) param(v *types.Var) bool { return fs.params[v] }

// variable returns the Fate of what is stored in variable obj: the Fate
// of each of its uses.
func (fs *Fates) variable(obj types.Object, depth int) Fate {
	v, ok := obj.(*types.Var)
	if !ok || !fs.local(v) {
		return Written // a package variable: a store
	}
	if f, ok := fs.vars[v]; ok {
		return f
	}
	if fs.pending[v] || depth > maxUp {
		return Stays // followed already on this path
	}
	fs.ensure(v.Pos())
	fs.pending[v] = true
	f := Stays
	for _, id := range fs.uses[v] {
		if f = max(f, fs.of(id, depth+1)); f == Written {
			break
		}
	}
	delete(fs.pending, v)
	fs.vars[v] = f
	return f
}

// call returns the Fate of a value passed to call as argument i (-1: the
// receiver of a method call).
func (fs *Fates) call(call *ast.CallExpr, i int, depth int) Fate {
	info := fs.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if fs.through && isUnsafePointer(tv.Type) {
			return Written
		}
		return fs.of(call, depth) // a conversion
	}
	switch callee := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		switch callee.Name() {
		case "append":
			return fs.of(call, depth)
		case "copy":
			return Written
		}
		return Stays
	case *types.Func:
		return fs.funcArg(call, callee, i, depth)
	}
	return Stays // a func value: not known
}

// funcArg returns the Fate of a value passed as argument i (-1: the
// receiver) to fn.
func (fs *Fates) funcArg(call *ast.CallExpr, fn *types.Func, i int, depth int) Fate {
	if storeName(fn.Name()) {
		return Written // an ORM's or a store's write, by its name
	}
	pkg := fn.Pkg()
	if pkg == nil {
		return Stays
	}
	if pkg.Path() == "database/sql" || strings.HasPrefix(pkg.Path(), "database/sql/") {
		return Written
	}
	sig, _ := fn.Type().(*types.Signature)
	if fs.through && i < 0 && pkg != fs.pass.Pkg && fs.funcOf[fn.Origin()] == nil && stdlib.Is(pkg.Path()) {
		// A method of the standard library on a pointer: it writes
		// unless it reads by its name.
		if sig != nil && sig.Recv() != nil {
			if _, ptr := sig.Recv().Type().(*types.Pointer); ptr && !readName(fn.Name()) {
				return Written
			}
		}
		return Stays
	}
	idx := i
	if sig != nil && sig.Recv() != nil {
		idx = i + 1 // the receiver is parameter 0
	}
	if sig != nil && sig.Variadic() && idx >= sig.Params().Len()+(idx-i) {
		idx = sig.Params().Len() - 1 + (idx - i)
	}
	var pf Fate
	if fd := fs.funcOf[fn.Origin()]; fd != nil {
		pf = fs.paramFate(fd, idx, depth)
	} else {
		Fates, ok := fs.imported(fn.Origin())
		if idx < 0 || !ok || idx >= len(Fates) {
			return Stays // code that does not keep what it receives
		}
		pf = Fate(Fates[idx])
	}
	if pf == Returned {
		return fs.of(call, depth) // handed back: the result's Fate
	}
	return pf
}

// paramFate returns the Fate of fd's parameter idx (the receiver first).
func (fs *Fates) paramFate(fd *ast.FuncDecl, idx int, depth int) Fate {
	v := paramVar(fs.pass.TypesInfo, fd, idx)
	if v == nil {
		return Stays
	}
	return fs.variable(v, depth+1)
}

// paramVar returns fd's parameter idx, the receiver first.
func paramVar(info *types.Info, fd *ast.FuncDecl, idx int) *types.Var {
	var fields []*ast.Field
	if fd.Recv != nil {
		fields = append(fields, fd.Recv.List...)
	}
	fields = append(fields, fd.Type.Params.List...)
	n := 0
	for _, f := range fields {
		names := f.Names
		if len(names) == 0 {
			if n == idx {
				return nil // unnamed: never read
			}
			n++
			continue
		}
		for _, id := range names {
			if n == idx {
				v, _ := info.Defs[id].(*types.Var)
				return v
			}
			n++
		}
	}
	return nil
}

// storeName reports whether a function of this name writes what it
// receives: an ORM's or a store's write.
func storeName(name string) bool {
	for _, p := range []string{"Save", "Insert", "Create", "Update", "Upsert", "Put", "Persist", "Store", "Exec", "Replace"} {
		if name == p || strings.HasPrefix(name, p) && len(name) > len(p) && isUpper(name[len(p)]) {
			return true
		}
	}
	return false
}

// imported returns the parameter Fates of fn from the analyzer's facts,
// when it gave a way to read them.
func (fs *Fates) imported(fn *types.Func) ([]uint8, bool) {
	if fs.Imported == nil {
		return nil, false
	}
	return fs.Imported(fn, fs.through)
}

// assignedTo reports whether x, an expression that reads through n, is
// assigned or incremented, or an element or field below it is.
func (fs *Fates) assignedTo(x ast.Expr, n ast.Node) bool {
	switch y := x.(type) {
	case *ast.SelectorExpr:
		if y.X != n {
			return false
		}
		if s := fs.pass.TypesInfo.Selections[y]; s == nil || s.Kind() != types.FieldVal {
			return false
		}
	case *ast.IndexExpr:
		if y.X != n {
			return false
		}
	}
	var e ast.Node = x
	for range maxUp {
		switch p := fs.parent[e].(type) {
		case *ast.ParenExpr, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
			e = p
			continue
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == e {
					return true
				}
			}
			return false
		case *ast.IncDecStmt:
			return p.X == e
		case *ast.RangeStmt:
			return p.Tok == token.ASSIGN && (p.Key == e || p.Value == e)
		case *ast.UnaryExpr:
			// &p.F: a pointer below; followed where it is taken.
			return false
		}
		return false
	}
	return false
}

func isUnsafePointer(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Kind() == types.UnsafePointer
}

// readName reports whether a method of this name reads its receiver.
func readName(name string) bool {
	for _, p := range []string{"Get", "Is", "Has", "String", "Format", "Marshal", "Append", "Equal", "Compare", "Before", "After", "Sub", "Add", "Unix", "Value", "Load"} {
		if name == p || strings.HasPrefix(name, p) && (len(name) == len(p) || isUpper(name[len(p)])) {
			return true
		}
	}
	return false
}

func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }

// built reports whether local variable v only ever holds run values of r
// built in its function: it is declared with a literal of r (or with no
// value) and assigned only literals of r.
func (fs *Fates) built(v *types.Var, r *model.RunDecl) bool {
	fs.ensure(v.Pos())
	if !fs.local(v) || fs.param(v) || fs.m.RunType(v.Type()) != r {
		return false
	}
	def := fs.defs[v]
	if def == nil {
		return false
	}
	fresh := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		lit, ok := e.(*ast.CompositeLit)
		return ok && fs.m.RunType(fs.pass.TypesInfo.TypeOf(lit)) == r
	}
	// assigned returns what id is assigned in the statement that holds
	// it, when it is assigned there.
	assigned := func(id *ast.Ident) (ast.Expr, bool, bool) {
		switch p := fs.parent[id].(type) {
		case *ast.AssignStmt:
			for i, l := range p.Lhs {
				if l == id {
					if len(p.Lhs) != len(p.Rhs) {
						return nil, true, false
					}
					return p.Rhs[i], true, true
				}
			}
		case *ast.ValueSpec:
			for i, n := range p.Names {
				if n == id {
					if len(p.Values) == 0 {
						return nil, true, true // the zero value
					}
					if len(p.Values) != len(p.Names) {
						return nil, true, false
					}
					return p.Values[i], true, true
				}
			}
		case *ast.RangeStmt, *ast.TypeSwitchStmt:
			return nil, true, false
		}
		return nil, false, true
	}
	if e, isDef, ok := assigned(def); !isDef || !ok || e != nil && !fresh(e) {
		return false
	}
	for _, id := range fs.uses[v] {
		if e, isAssign, ok := assigned(id); isAssign && (!ok || e == nil || !fresh(e)) {
			return false
		}
		if u, ok := fs.parent[id].(*ast.UnaryExpr); ok && u.Op == token.AND {
			if _, isPtr := v.Type().Underlying().(*types.Pointer); !isPtr {
				return false // its address is taken: written through elsewhere
			}
		}
	}
	return true
}

// enclosing returns the function declaration that n is in, or nil.
func (fs *Fates) enclosing(n ast.Node) *ast.FuncDecl {
	fs.ensure(n.Pos())
	for p := fs.parent[n]; p != nil; p = fs.parent[p] {
		if fd, ok := p.(*ast.FuncDecl); ok {
			return fd
		}
	}
	return nil
}

// pointers returns a Fates that follows pointers: a value is written also
// when something is assigned through it.
func (fs *Fates) pointers() *Fates {
	c := *fs
	c.through = true
	c.vars = map[*types.Var]Fate{}
	c.pending = map[*types.Var]bool{}
	return &c
}

// method returns the Fate of the address of a guarded field that a
// pointer method fn selected by sel takes: called, what fn does with its
// receiver; as a method value, written (it may be called anywhere).
func (fs *Fates) method(sel *ast.SelectorExpr, fn *types.Func) Fate {
	call, ok := fs.parent[sel].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return Written
	}
	f := fs.funcArg(call, fn, -1, 0)
	if f == Returned {
		return Written // handed back as a pointer: not followed
	}
	return f
}

// Of returns the fate of the value of e.
func (fs *Fates) Of(e ast.Expr) Fate { return fs.of(e, 0) }

// Var returns the fate of what is stored in variable obj.
func (fs *Fates) Var(obj types.Object) Fate { return fs.variable(obj, 0) }

// Built reports whether local variable v only ever holds values of run
// type r built in its function by composite literals (or its zero value).
func (fs *Fates) Built(v *types.Var, r *model.RunDecl) bool { return fs.built(v, r) }

// Pointers returns a Fates that follows pointers: a value is also written
// when something is assigned through it.
func (fs *Fates) Pointers() *Fates { return fs.pointers() }

// Method returns the fate of the address that the pointer method fn,
// selected by sel on an addressable value, takes.
func (fs *Fates) Method(sel *ast.SelectorExpr, fn *types.Func) Fate { return fs.method(sel, fn) }

// Enclosing returns the function declaration that n is in, or nil.
func (fs *Fates) Enclosing(n ast.Node) *ast.FuncDecl { return fs.enclosing(n) }

// IsParam reports whether v is a parameter or a result of a function or
// func literal of the package.
func (fs *Fates) IsParam(v *types.Var) bool {
	fs.ensure(v.Pos())
	return fs.params[v]
}

// Decls returns the package's function declarations by function.
func (fs *Fates) Decls() map[*types.Func]*ast.FuncDecl { return fs.funcOf }

// ParamVar returns fd's parameter idx, the receiver first, or nil.
func ParamVar(info *types.Info, fd *ast.FuncDecl, idx int) *types.Var { return paramVar(info, fd, idx) }
