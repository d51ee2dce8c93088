package runscope

import (
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/model"
)

// Analyzer reports composite literals that leave a scope field unset or
// set it to a zero constant.
var Analyzer = &analysis.Analyzer{
	Name:       "runscope",
	Doc:        checkdoc.MustExtract(doc, "runscope"),
	URL:        "https://github.com/runtruth/runtruth#runscope",
	Requires:   []*analysis.Analyzer{model.Analyzer, inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	rep := m.NewReporter(pass)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)

	// Empty literals already reported as the zero value of an outer
	// literal's scope field.
	covered := map[*ast.CompositeLit]bool{}
	ins.Preorder([]ast.Node{(*ast.CompositeLit)(nil)}, func(n ast.Node) {
		lit := n.(*ast.CompositeLit)
		if covered[lit] || rep.SkipPos(lit.Pos()) {
			return
		}
		checkLiteral(pass, m, rep, lit, covered)
	})
	return rep.Result(), nil
}

// checkLiteral reports lit when it is a literal of a struct with scope
// fields that leaves one of them unset or zero.
func checkLiteral(pass *analysis.Pass, m *model.Model, rep *model.Reporter, lit *ast.CompositeLit, covered map[*ast.CompositeLit]bool) {
	tv, ok := pass.TypesInfo.Types[lit]
	if !ok || tv.Type == nil {
		return
	}
	t := types.Unalias(tv.Type)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem()) // element of an elided &T{} in a slice or map literal
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	var scope []int
	for i := range st.NumFields() {
		if f := m.Object(st.Field(i)); f != nil && f.Scope {
			scope = append(scope, i)
		}
	}
	if len(scope) == 0 {
		return
	}

	// The value each field is set to, by field index.
	values := map[int]ast.Expr{}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				return // not a struct literal that type-checked
			}
			for j := range st.NumFields() {
				if st.Field(j).Name() == id.Name {
					values[j] = kv.Value
					break
				}
			}
			continue
		}
		if i < st.NumFields() {
			values[i] = elt
		}
	}

	var unset, zero []string
	for _, i := range scope {
		v, set := values[i]
		switch {
		case !set:
			unset = append(unset, st.Field(i).Name())
		case isZero(pass, v):
			zero = append(zero, st.Field(i).Name())
			if inner, ok := ast.Unparen(v).(*ast.CompositeLit); ok {
				covered[inner] = true
			}
		}
	}
	if len(unset) == 0 && len(zero) == 0 {
		return
	}

	var what []string
	if len(unset) > 0 {
		what = append(what, "leaves "+fields(unset)+" unset")
	}
	if len(zero) > 0 {
		what = append(what, "sets "+fields(zero)+" to a zero value")
	}
	rep.Reportf(lit, "%s literal %s; %s", typeName(t), strings.Join(what, " and "), instead(t))
}

// fields names the scope fields: "scope field A" or "scope fields A, B".
func fields(names []string) string {
	if len(names) == 1 {
		return "scope field " + names[0]
	}
	return "scope fields " + strings.Join(names, ", ")
}

// isZero reports whether e is a zero constant ("", 0, false, nil, also
// through named constants and conversions) or an empty composite literal.
func isZero(pass *analysis.Pass, e ast.Expr) bool {
	e = ast.Unparen(e)
	if lit, ok := e.(*ast.CompositeLit); ok {
		return len(lit.Elts) == 0
	}
	tv, ok := pass.TypesInfo.Types[e]
	if !ok {
		return false
	}
	if tv.IsNil() {
		return true
	}
	if tv.Value == nil {
		return false
	}
	switch v := tv.Value; v.Kind() {
	case constant.String:
		return constant.StringVal(v) == ""
	case constant.Bool:
		return !constant.BoolVal(v)
	case constant.Int, constant.Float, constant.Complex:
		return constant.Sign(v) == 0
	}
	return false
}

// typeName returns "pkg.Name" for the literal's type.
func typeName(t types.Type) string {
	if n := model.Named(t); n != nil && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Name() + "." + n.Obj().Name()
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// instead says what every literal of t needs.
func instead(t types.Type) string {
	if n := model.Named(t); n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == advice.OprunPath {
		return "every run needs its full ownership scope (workspace, managed environment, target scope, initiator)"
	}
	return "set every scope field to the real owner: every run needs its full ownership scope"
}
