package directwrite

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/passes/model"
)

// A run value that a function builds itself (a composite literal of the
// run type, and the local variable that holds it) is a transition only
// when it may reach a write. A run built to be shown (gitea's synthetic
// "Set up job" step) or rebuilt from its own row for a response is not.
// The fate of a value is what becomes of it: it stays (read, compared,
// formatted, dropped, passed to code that reads it), it is returned, or
// it may be written.
type fate uint8

const (
	stays fate = iota
	returned
	written
)

// maxUp bounds the expressions walked up from a value, and the variables
// followed, for one fate.
const maxUp = 16

// Built marks a function that returns a run value it builds with a
// guarded field set: where a caller's result may be written, the caller
// is reported.
type Built struct {
	Run   string // the run type, qualified
	Field string // the guarded field set
	At    string // where it is set: "dir/file.go:line"
}

// AFact marks Built as an analysis fact.
func (*Built) AFact() {}

func (b *Built) String() string { return "built(" + b.Field + " at " + b.At + ")" }

// ThroughParams marks a function that writes through, stores or returns
// a pointer it receives to a guarded field's type: Fates[i] is the fate of
// parameter i (the receiver first), as for ParamFates.
type ThroughParams struct {
	Fates []uint8
}

// AFact marks ThroughParams as an analysis fact.
func (*ThroughParams) AFact() {}

func (p *ThroughParams) String() string {
	return "through" + strings.TrimPrefix((&ParamFates{Fates: p.Fates}).String(), "fates")
}

// ParamFates marks a function that writes, or returns, a run value it
// receives: Fates[i] is the fate of parameter i (the receiver first).
// Functions without the fact leave their parameters' values as they are.
type ParamFates struct {
	Fates []uint8
}

// AFact marks ParamFates as an analysis fact.
func (*ParamFates) AFact() {}

func (p *ParamFates) String() string {
	var b strings.Builder
	b.WriteString("fates(")
	for i, f := range p.Fates {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString([...]string{"stays", "returned", "written"}[min(int(f), 2)])
	}
	b.WriteString(")")
	return b.String()
}

// fates computes the fates of values in one package.
type fates struct {
	pass    *analysis.Pass
	m       *model.Model
	through bool // the fate of a pointer: also written when written through
	parent  map[ast.Node]ast.Node
	funcOf  map[*types.Func]*ast.FuncDecl
	uses    map[*types.Var][]*ast.Ident
	params  map[*types.Var]bool // parameters and results of functions and func literals
	defs    map[*types.Var]*ast.Ident
	vars    map[*types.Var]fate
	pending map[*types.Var]bool
}

func newFates(pass *analysis.Pass, m *model.Model) *fates {
	fs := &fates{
		pass:    pass,
		m:       m,
		parent:  map[ast.Node]ast.Node{},
		funcOf:  map[*types.Func]*ast.FuncDecl{},
		uses:    map[*types.Var][]*ast.Ident{},
		params:  map[*types.Var]bool{},
		defs:    map[*types.Var]*ast.Ident{},
		vars:    map[*types.Var]fate{},
		pending: map[*types.Var]bool{},
	}
	addParams := func(lists ...*ast.FieldList) {
		for _, l := range lists {
			if l == nil {
				continue
			}
			for _, f := range l.List {
				for _, id := range f.Names {
					if v, ok := pass.TypesInfo.Defs[id].(*types.Var); ok {
						fs.params[v] = true
					}
				}
			}
		}
	}
	for _, f := range pass.Files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
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
				if fn, ok := pass.TypesInfo.Defs[n.Name].(*types.Func); ok {
					fs.funcOf[fn] = n
				}
				addParams(n.Recv, n.Type.Params, n.Type.Results)
			case *ast.FuncLit:
				addParams(n.Type.Params, n.Type.Results)
			case *ast.Ident:
				if v, ok := pass.TypesInfo.Uses[n].(*types.Var); ok && !v.IsField() {
					fs.uses[v] = append(fs.uses[v], n)
				}
				if v, ok := pass.TypesInfo.Defs[n].(*types.Var); ok && !v.IsField() {
					fs.defs[v] = n
				}
			}
			return true
		})
	}
	return fs
}

// local reports whether v is a variable of a function: a local or a
// parameter, not a package variable.
func (fs *fates) local(v *types.Var) bool {
	return v != nil && !v.IsField() && v.Pkg() == fs.pass.Pkg && v.Parent() != nil && v.Parent() != fs.pass.Pkg.Scope()
}

// of returns the fate of the value of e, an expression of run r's value.
func (fs *fates) of(e ast.Expr, r *model.RunDecl, depth int) fate {
	var n ast.Node = e
	for range maxUp {
		p := fs.parent[n]
		if fs.through {
			// A pointer is written through when what it points to is
			// assigned: *p = v, p.F = v, p.F[i]++.
			switch x := p.(type) {
			case *ast.StarExpr, *ast.SelectorExpr, *ast.IndexExpr:
				if fs.assignedTo(x.(ast.Expr), n) {
					return written
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
			return stays
		case *ast.KeyValueExpr:
			if p.Value != n {
				return stays // a key
			}
			n = p
			continue
		case *ast.SelectorExpr:
			if call, ok := fs.parent[p].(*ast.CallExpr); ok && call.Fun == p {
				if s := fs.pass.TypesInfo.Selections[p]; s != nil && s.Kind() == types.MethodVal {
					return fs.call(call, -1, r, depth)
				}
			}
			return stays // a field read or written, not the value
		case *ast.CallExpr:
			if p.Fun == n {
				return stays
			}
			for i, a := range p.Args {
				if a == n {
					return fs.call(p, i, r, depth)
				}
			}
			return stays
		case *ast.AssignStmt:
			for i, rhs := range p.Rhs {
				if rhs == n && len(p.Lhs) == len(p.Rhs) {
					return fs.assign(p.Lhs[i], r, depth)
				}
			}
			if p.Tok == token.DEFINE || p.Tok == token.ASSIGN {
				return stays // n is assigned to, or its own tuple
			}
			return stays
		case *ast.ValueSpec:
			for i, v := range p.Values {
				if v == n && i < len(p.Names) {
					return fs.variable(fs.pass.TypesInfo.Defs[p.Names[i]], r, depth)
				}
			}
			return stays
		case *ast.ReturnStmt:
			if fs.inLiteral(p) {
				return written // returned by a func literal: not followed
			}
			return returned
		case *ast.SendStmt:
			if p.Value == n {
				return written
			}
			return stays
		case *ast.RangeStmt:
			if p.X != n {
				return stays
			}
			f := stays
			for _, x := range []ast.Expr{p.Key, p.Value} {
				if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
					f = max(f, fs.variable(fs.pass.TypesInfo.ObjectOf(id), r, depth))
				}
			}
			return f
		case *ast.IndexExpr:
			if p.X != n {
				return stays // an index
			}
			n = p // an element of it
			continue
		case *ast.SliceExpr:
			if p.X != n {
				return stays
			}
			n = p
			continue
		case *ast.IndexListExpr, *ast.BinaryExpr, *ast.ExprStmt,
			*ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.CaseClause, *ast.IncDecStmt:
			return stays
		}
		return written // anything else is not followed
	}
	return written
}

// inLiteral reports whether n is inside a func literal.
func (fs *fates) inLiteral(n ast.Node) bool {
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

// assign returns the fate of a value assigned to lhs.
func (fs *fates) assign(lhs ast.Expr, r *model.RunDecl, depth int) fate {
	switch x := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if x.Name == "_" {
			return stays
		}
		return fs.variable(fs.pass.TypesInfo.ObjectOf(x), r, depth)
	case *ast.IndexExpr, *ast.SelectorExpr, *ast.StarExpr:
		// Into a local's element or field: what becomes of the local.
		// Into anything else: a store.
		if id, ok := rootIdent(x); ok {
			if v, ok := fs.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && fs.local(v) && !fs.param(v) {
				return fs.variable(v, r, depth)
			}
		}
	}
	return written
}

// rootIdent returns the variable that e selects or indexes into, through
// fields, elements and dereferences.
func rootIdent(e ast.Expr) (*ast.Ident, bool) {
	for range maxUp {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x, true
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil, false
		}
	}
	return nil, false
}

// param reports whether v is a parameter or a result of its function.
func (fs *fates) param(v *types.Var) bool { return fs.params[v] }

// variable returns the fate of what is stored in variable obj: the fate
// of each of its uses.
func (fs *fates) variable(obj types.Object, r *model.RunDecl, depth int) fate {
	v, ok := obj.(*types.Var)
	if !ok || !fs.local(v) {
		return written // a package variable: a store
	}
	if f, ok := fs.vars[v]; ok {
		return f
	}
	if fs.pending[v] || depth > maxUp {
		return stays // followed already on this path
	}
	fs.pending[v] = true
	f := stays
	for _, id := range fs.uses[v] {
		if f = max(f, fs.of(id, r, depth+1)); f == written {
			break
		}
	}
	delete(fs.pending, v)
	fs.vars[v] = f
	return f
}

// call returns the fate of a value passed to call as argument i (-1: the
// receiver of a method call).
func (fs *fates) call(call *ast.CallExpr, i int, r *model.RunDecl, depth int) fate {
	info := fs.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if fs.through && isUnsafePointer(tv.Type) {
			return written
		}
		return fs.of(call, r, depth) // a conversion
	}
	switch callee := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		switch callee.Name() {
		case "append":
			return fs.of(call, r, depth)
		case "copy":
			return written
		}
		return stays
	case *types.Func:
		return fs.funcArg(call, callee, i, r, depth)
	}
	return stays // a func value: not known
}

// funcArg returns the fate of a value passed as argument i (-1: the
// receiver) to fn.
func (fs *fates) funcArg(call *ast.CallExpr, fn *types.Func, i int, r *model.RunDecl, depth int) fate {
	if storeName(fn.Name()) {
		return written // an ORM's or a store's write, by its name
	}
	pkg := fn.Pkg()
	if pkg == nil {
		return stays
	}
	if pkg.Path() == "database/sql" || strings.HasPrefix(pkg.Path(), "database/sql/") {
		return written
	}
	sig, _ := fn.Type().(*types.Signature)
	if fs.through && i < 0 && pkg != fs.pass.Pkg && fs.funcOf[fn.Origin()] == nil && isStandard(pkg.Path()) {
		// A method of the standard library on a pointer: it writes
		// unless it reads by its name.
		if sig != nil && sig.Recv() != nil {
			if _, ptr := sig.Recv().Type().(*types.Pointer); ptr && !readName(fn.Name()) {
				return written
			}
		}
		return stays
	}
	idx := i
	if sig != nil && sig.Recv() != nil {
		idx = i + 1 // the receiver is parameter 0
	}
	if sig != nil && sig.Variadic() && idx >= sig.Params().Len()+(idx-i) {
		idx = sig.Params().Len() - 1 + (idx - i)
	}
	var pf fate
	if fd := fs.funcOf[fn.Origin()]; fd != nil {
		pf = fs.paramFate(fd, idx, r, depth)
	} else {
		fates, ok := fs.imported(fn.Origin())
		if idx < 0 || !ok || idx >= len(fates) {
			return stays // code that does not keep what it receives
		}
		pf = fate(fates[idx])
	}
	if pf == returned {
		return fs.of(call, r, depth) // handed back: the result's fate
	}
	return pf
}

// paramFate returns the fate of fd's parameter idx (the receiver first).
func (fs *fates) paramFate(fd *ast.FuncDecl, idx int, r *model.RunDecl, depth int) fate {
	v := paramVar(fs.pass.TypesInfo, fd, idx)
	if v == nil {
		return stays
	}
	return fs.variable(v, r, depth+1)
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

// imported returns the parameter fates of fn from its fact: ParamFates
// for run values, ThroughParams for pointers to a guarded field's type.
func (fs *fates) imported(fn *types.Func) ([]uint8, bool) {
	if fs.through {
		var f ThroughParams
		ok := fs.pass.ImportObjectFact(fn, &f)
		return f.Fates, ok
	}
	var f ParamFates
	ok := fs.pass.ImportObjectFact(fn, &f)
	return f.Fates, ok
}

// assignedTo reports whether x, an expression that reads through n, is
// assigned or incremented, or an element or field below it is.
func (fs *fates) assignedTo(x ast.Expr, n ast.Node) bool {
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

// isStandard reports whether path is a standard library package's: its
// directory is in GOROOT.
func isStandard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") || build.Default.GOROOT == "" {
		return false
	}
	fi, err := os.Stat(filepath.Join(build.Default.GOROOT, "src", filepath.FromSlash(path)))
	return err == nil && fi.IsDir()
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
func (fs *fates) built(v *types.Var, r *model.RunDecl) bool {
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
func (fs *fates) enclosing(n ast.Node) *ast.FuncDecl {
	for p := fs.parent[n]; p != nil; p = fs.parent[p] {
		if fd, ok := p.(*ast.FuncDecl); ok {
			return fd
		}
	}
	return nil
}

// builds records where the functions of the package return run values
// they build with a guarded field set.
type builds struct {
	fs    *fates
	local map[*types.Func]*Built
}

// settles decides a guarded field set at n in a run value whose fate is
// f: reported when it may be written; when it is returned, the enclosing
// function is marked Built instead.
func (b *builds) settles(n ast.Node, f fate, r *model.RunDecl, field, at string) (report bool) {
	switch f {
	case written:
		return true
	case returned:
		fd := b.fs.enclosing(n)
		if fd == nil {
			return true
		}
		fn, ok := b.fs.pass.TypesInfo.Defs[fd.Name].(*types.Func)
		if !ok {
			return true
		}
		if b.local[fn] == nil {
			if at == "" {
				at = shortPos(b.fs.pass, n.Pos())
			}
			bt := &Built{Run: r.QualifiedName(), Field: field, At: at}
			b.local[fn] = bt
			b.fs.pass.ExportObjectFact(fn, bt)
		}
	}
	return false
}

// of returns what fn builds: from this package or from a fact.
func (b *builds) of(fn *types.Func) *Built {
	fn = fn.Origin()
	if bt := b.local[fn]; bt != nil {
		return bt
	}
	if fn.Pkg() == nil || fn.Pkg() == b.fs.pass.Pkg {
		return nil
	}
	var bt Built
	if b.fs.pass.ImportObjectFact(fn, &bt) {
		return &bt
	}
	return nil
}

// shortPos is "dir/file.go:line".
func shortPos(pass *analysis.Pass, pos token.Pos) string {
	p := pass.Fset.Position(pos)
	return filepath.Base(filepath.Dir(p.Filename)) + "/" + filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
}

// pointers returns a fates that follows pointers: a value is written also
// when something is assigned through it.
func (fs *fates) pointers() *fates {
	c := *fs
	c.through = true
	c.vars = map[*types.Var]fate{}
	c.pending = map[*types.Var]bool{}
	return &c
}

// exportThroughParams exports the fates of the parameters of the
// package's functions that are pointers to a guarded field's type, when
// one is written through, stored or returned.
func exportThroughParams(pass *analysis.Pass, m *model.Model, fs *fates) {
	if isStandard(pass.Pkg.Path()) {
		return // the standard library is modelled, as every driver loads it
	}
	for fn, fd := range fs.funcOf {
		sig, ok := fn.Type().(*types.Signature)
		if !ok {
			continue
		}
		n := sig.Params().Len()
		if sig.Recv() != nil {
			n++
		}
		var out []uint8
		for i := range n {
			v := paramVar(pass.TypesInfo, fd, i)
			if v == nil {
				continue
			}
			ptr, ok := v.Type().Underlying().(*types.Pointer)
			if !ok {
				continue
			}
			named := model.Named(ptr.Elem())
			if named == nil || len(m.GuardedType(named)) == 0 {
				continue
			}
			if f := fs.variable(v, nil, 0); f != stays {
				if out == nil {
					out = make([]uint8, n)
				}
				out[i] = uint8(f)
			}
		}
		if out != nil {
			pass.ExportObjectFact(fn, &ThroughParams{Fates: out})
		}
	}
}

// exportParamFates exports the fates of the parameters of the package's
// functions that hold run values, when one is written or returned.
func exportParamFates(pass *analysis.Pass, m *model.Model, fs *fates) {
	if isStandard(pass.Pkg.Path()) {
		return // the standard library is modelled, as every driver loads it
	}
	for fn, fd := range fs.funcOf {
		sig, ok := fn.Type().(*types.Signature)
		if !ok {
			continue
		}
		n := sig.Params().Len()
		if sig.Recv() != nil {
			n++
		}
		var out []uint8
		for i := range n {
			v := paramVar(pass.TypesInfo, fd, i)
			if v == nil {
				continue
			}
			r := m.RunType(elem(v.Type()))
			if r == nil {
				continue
			}
			if f := fs.variable(v, r, 0); f != stays {
				if out == nil {
					out = make([]uint8, n)
				}
				out[i] = uint8(f)
			}
		}
		if out != nil {
			pass.ExportObjectFact(fn, &ParamFates{Fates: out})
		}
	}
}

// elem is t's element type through pointers, slices, arrays and maps.
func elem(t types.Type) types.Type {
	for range maxUp {
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Map:
			t = u.Elem()
		default:
			return t
		}
	}
	return t
}

// method returns the fate of the address of a guarded field that a
// pointer method fn selected by sel takes: called, what fn does with its
// receiver; as a method value, written (it may be called anywhere).
func (fs *fates) method(sel *ast.SelectorExpr, fn *types.Func, r *model.RunDecl) fate {
	call, ok := fs.parent[sel].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return written
	}
	f := fs.funcArg(call, fn, -1, r, 0)
	if f == returned {
		return written // handed back as a pointer: not followed
	}
	return f
}
