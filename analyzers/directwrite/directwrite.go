package directwrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/analyzers/internal/astx"
	"github.com/runtruth/runtruth/analyzers/internal/fate"
	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/model"
)

// Analyzer reports writes of lifecycle-guarded run fields outside the run
// type's owner packages.
var Analyzer = &analysis.Analyzer{
	Name:       "directwrite",
	Doc:        checkdoc.MustExtract(doc, "directwrite"),
	URL:        "https://github.com/runtruth/runtruth#directwrite",
	Requires:   []*analysis.Analyzer{model.Analyzer, inspect.Analyzer},
	FactTypes:  []analysis.Fact{(*ColumnParam)(nil), (*GeneratedWriter)(nil), (*Built)(nil), (*ParamFates)(nil), (*ThroughParams)(nil)},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	rep := m.NewReporter(pass)
	if len(m.Runs()) == 0 {
		return rep.Result(), nil
	}
	exportColumnParams(pass, m)
	exportGeneratedWriters(pass, m)
	fs := fate.New(pass, m)
	fs.Imported = importedFates(pass)
	exportParamFates(pass, m, fs)
	ptrs := fs.Pointers()
	exportThroughParams(pass, m, ptrs)
	b := &builds{pass: pass, fs: fs, local: map[*types.Func]*Built{}}
	if !anyForeignRun(m) {
		// An owner builds its runs as it likes; what it returns built
		// is its callers' to write.
		markOwnBuilds(pass, m, b)
		return rep.Result(), nil
	}
	var calls []*ast.CallExpr
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	inner := innerCalls(pass.Files)
	filter := []ast.Node{
		(*ast.AssignStmt)(nil),
		(*ast.IncDecStmt)(nil),
		(*ast.RangeStmt)(nil),
		(*ast.UnaryExpr)(nil),
		(*ast.SelectorExpr)(nil),
		(*ast.CompositeLit)(nil),
		(*ast.CallExpr)(nil),
	}
	ins.Preorder(filter, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				return
			}
			for _, lhs := range n.Lhs {
				checkWrite(pass, m, rep, b, lhs)
			}
		case *ast.IncDecStmt:
			checkWrite(pass, m, rep, b, n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil {
						checkWrite(pass, m, rep, b, e)
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op != token.AND {
				return
			}
			if f, r := guardedSelector(pass, m, n.X); r != nil && ptrs.Of(n) != fate.Stays {
				rep.Reportf(n, "address of guarded field %s.%s taken outside its owner packages, and it may be written through; %s",
					r.Short(), f.Name(), advice.Transitions(r))
			}
		case *ast.SelectorExpr:
			checkPointerMethod(pass, m, rep, ptrs, n)
		case *ast.CompositeLit:
			checkLiteral(pass, m, rep, b, n)
		case *ast.CallExpr:
			calls = append(calls, n)
			checkSQL(pass, m, rep, n)
			if fn := typeutil.StaticCallee(pass.TypesInfo, n); fn != nil {
				checkColumnArgs(pass, m, rep, n, fn)
				checkGeneratedCall(pass, m, rep, n, fn)
				checkWriterCall(m, rep, n, fn)
			}
			if !inner[n] {
				checkChain(pass, m, rep, n)
			}
		}
	})
	for _, call := range calls {
		checkBuiltCall(pass, m, rep, b, call)
	}
	return rep.Result(), nil
}

// anyForeignRun reports whether some run type in view is not owned by the
// package under analysis: otherwise there is nothing to check.
func anyForeignRun(m *model.Model) bool {
	runs := m.Runs()
	for i := range runs {
		if !m.IsOwner(&runs[i]) {
			return true
		}
	}
	return false
}

// checkWrite reports lhs when it writes a guarded field, unless of a run
// value that its function builds and that is never written.
func checkWrite(pass *analysis.Pass, m *model.Model, rep *model.Reporter, b *builds, lhs ast.Expr) {
	// Writing an element of a guarded field, or through it, writes it.
	e := astx.Base(lhs)
	if f, r := guardedSelector(pass, m, e); r != nil {
		if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
				if v, ok := pass.TypesInfo.Uses[id].(*types.Var); ok && b.fs.Built(v, r) {
					if !b.settles(lhs, b.fs.Var(v), r, f.Name(), "") {
						return
					}
				}
			}
		}
		rep.Reportf(lhs, "direct write of guarded field %s.%s outside its owner packages; %s",
			r.Short(), f.Name(), advice.Transitions(r))
	}
}

// guardedSelector returns the field and run type when e selects a guarded
// field of a run type that the package does not own.
func guardedSelector(pass *analysis.Pass, m *model.Model, e ast.Expr) (*types.Var, *model.RunDecl) {
	e = ast.Unparen(e)
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	s := pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return nil, nil
	}
	f, ok := s.Obj().(*types.Var)
	if !ok {
		return nil, nil
	}
	r := m.GuardedField(f)
	if r == nil || m.IsOwner(r) {
		return nil, nil
	}
	return f, r
}

// checkPointerMethod reports a pointer method selected on a guarded field,
// called or taken as a method value: either takes the field's address.
func checkPointerMethod(pass *analysis.Pass, m *model.Model, rep *model.Reporter, ptrs *fate.Fates, sel *ast.SelectorExpr) {
	s := pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return
	}
	sig, ok := s.Obj().Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return
	}
	if _, ptrRecv := sig.Recv().Type().(*types.Pointer); !ptrRecv {
		return
	}
	if tv, ok := pass.TypesInfo.Types[sel.X]; ok {
		if _, isPtr := tv.Type.Underlying().(*types.Pointer); isPtr {
			return // the field itself is a pointer: no address is taken
		}
	}
	if f, r := guardedSelector(pass, m, sel.X); r != nil && ptrs.Method(sel, s.Obj().(*types.Func)) != fate.Stays {
		rep.Reportf(sel, "pointer method %s of guarded field %s.%s takes its address outside its owner packages, and it may write through it; %s",
			s.Obj().Name(), r.Short(), f.Name(), advice.Transitions(r))
	}
}

// checkLiteral reports a composite literal that sets a guarded field: of
// a run type, or of a type defined from one (type Mine oprun.Run), whose
// fields are the run's own.
func checkLiteral(pass *analysis.Pass, m *model.Model, rep *model.Reporter, b *builds, lit *ast.CompositeLit) {
	tv, ok := pass.TypesInfo.Types[lit]
	if !ok {
		return
	}
	if _, isPtr := types.Unalias(tv.Type).(*types.Pointer); isPtr {
		return // &T{} is reported through its inner literal
	}
	st, ok := tv.Type.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, elt := range lit.Elts {
		var field *types.Var
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				field, _ = pass.TypesInfo.Uses[id].(*types.Var)
			}
		} else if i < st.NumFields() {
			field = st.Field(i)
		}
		r := m.GuardedField(field)
		if r == nil || m.IsOwner(r) {
			continue
		}
		if !b.settles(elt, b.fs.Of(lit), r, field.Name(), "") {
			continue // built to be read or returned, not written
		}
		name := r.Short()
		if n := model.Named(tv.Type); n != nil && n.Obj().Pkg() != nil && (n.Obj().Pkg().Path() != r.Pkg || n.Obj().Name() != r.Name) {
			name = n.Obj().Pkg().Name() + "." + n.Obj().Name() + " (defined from " + r.Short() + ")"
		}
		rep.Reportf(elt, "%s literal sets guarded field %s outside its owner packages; %s",
			name, field.Name(), advice.Start(r))
	}
}

// checkBuiltCall reports a call of a function that returns a run value it
// built with a guarded field set, when the caller may write the value.
func checkBuiltCall(pass *analysis.Pass, m *model.Model, rep *model.Reporter, b *builds, call *ast.CallExpr) {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok {
		return
	}
	bt := b.of(fn)
	if bt == nil {
		return
	}
	r := m.RunNamed(bt.Run)
	if r == nil || m.IsOwner(r) {
		return
	}
	if !b.settles(call, b.fs.Of(call), r, bt.Field, bt.At) {
		return
	}
	rep.Reportf(call, "%s returns a %s built with guarded field %s set (%s), and it is written here outside its owner packages; %s",
		model.FuncName(fn), r.Short(), bt.Field, bt.At, advice.Start(r))
}

// markOwnBuilds marks, in an owner package, the functions that return a
// run value built with a guarded field set.
func markOwnBuilds(pass *analysis.Pass, m *model.Model, b *builds) {
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			r := m.RunType(pass.TypesInfo.TypeOf(lit))
			if r == nil {
				return true
			}
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if id, ok := kv.Key.(*ast.Ident); ok && r.Guards(id.Name) {
					b.settles(elt, b.fs.Of(lit), r, id.Name, "")
					break
				}
			}
			return true
		})
	}
}
