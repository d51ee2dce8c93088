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
	FactTypes:  []analysis.Fact{(*ColumnParam)(nil), (*GeneratedWriter)(nil)},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	rep := m.NewReporter(pass)
	if len(m.Runs()) > 0 {
		exportColumnParams(pass, m)
		exportGeneratedWriters(pass, m)
	}
	if !anyForeignRun(m) {
		return rep.Result(), nil
	}
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
				checkWrite(pass, m, rep, lhs)
			}
		case *ast.IncDecStmt:
			checkWrite(pass, m, rep, n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil {
						checkWrite(pass, m, rep, e)
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op != token.AND {
				return
			}
			if f, r := guardedSelector(pass, m, n.X); r != nil {
				rep.Reportf(n, "address of guarded field %s.%s taken outside its owner packages; %s",
					r.Short(), f.Name(), advice.Transitions(r))
			}
		case *ast.SelectorExpr:
			checkPointerMethod(pass, m, rep, n)
		case *ast.CompositeLit:
			checkLiteral(pass, m, rep, n)
		case *ast.CallExpr:
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

// checkWrite reports lhs when it writes a guarded field.
func checkWrite(pass *analysis.Pass, m *model.Model, rep *model.Reporter, lhs ast.Expr) {
	// Writing an element of a guarded field, or through it, writes it.
	e := astx.Base(lhs)
	if f, r := guardedSelector(pass, m, e); r != nil {
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
func checkPointerMethod(pass *analysis.Pass, m *model.Model, rep *model.Reporter, sel *ast.SelectorExpr) {
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
	if f, r := guardedSelector(pass, m, sel.X); r != nil {
		rep.Reportf(sel, "pointer method %s of guarded field %s.%s takes its address outside its owner packages; %s",
			s.Obj().Name(), r.Short(), f.Name(), advice.Transitions(r))
	}
}

// checkLiteral reports a composite literal that sets a guarded field: of
// a run type, or of a type defined from one (type Mine oprun.Run), whose
// fields are the run's own.
func checkLiteral(pass *analysis.Pass, m *model.Model, rep *model.Reporter, lit *ast.CompositeLit) {
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
		name := r.Short()
		if n := model.Named(tv.Type); n != nil && n.Obj().Pkg() != nil && (n.Obj().Pkg().Path() != r.Pkg || n.Obj().Name() != r.Name) {
			name = n.Obj().Pkg().Name() + "." + n.Obj().Name() + " (defined from " + r.Short() + ")"
		}
		rep.Reportf(elt, "%s literal sets guarded field %s outside its owner packages; %s",
			name, field.Name(), advice.Start(r))
	}
}
