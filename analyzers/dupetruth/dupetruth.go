package dupetruth

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/analyzers/internal/astx"
	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/config"
	"github.com/runtruth/runtruth/passes/model"
)

// Analyzer reports struct fields that keep their own copy of a run's
// status or outcome outside the run type's owner packages.
var Analyzer = &analysis.Analyzer{
	Name:       "dupetruth",
	Doc:        checkdoc.MustExtract(doc, "dupetruth"),
	URL:        "https://github.com/runtruth/runtruth#dupetruth",
	Requires:   []*analysis.Analyzer{model.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(Copy)},
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	rep := m.NewReporter(pass)
	if m.Config.Dupetruth != config.DupetruthStrict {
		runCopies(pass, m, rep)
		return rep.Result(), nil
	}
	if !anyForeignGuardedType(m) {
		return rep.Result(), nil
	}
	for _, f := range pass.Files {
		if m.Skip(pass, f) {
			continue
		}
		// labels names each struct type by where it is declared: "Job",
		// "Job.Meta"; anonymous structs elsewhere have no label.
		labels := map[*ast.StructType]string{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeSpec:
				if st, ok := n.Type.(*ast.StructType); ok {
					labels[st] = n.Name.Name
				}
			case *ast.StructType:
				checkStruct(pass, m, rep, n, labels)
			}
			return true
		})
	}
	return rep.Result(), nil
}

// anyForeignGuardedType reports whether some run type in view, not owned
// by the package under analysis, has a guarded field of a named type.
func anyForeignGuardedType(m *model.Model) bool {
	runs := m.Runs()
	for i := range runs {
		if m.IsOwner(&runs[i]) {
			continue
		}
		for _, ft := range runs[i].FieldTypes {
			if ft != "" {
				return true
			}
		}
	}
	return false
}

// checkStruct reports the fields of st that hold a guarded field's type.
func checkStruct(pass *analysis.Pass, m *model.Model, rep *model.Reporter, st *ast.StructType, labels map[*ast.StructType]string) {
	label := labels[st]
	for _, field := range st.Fields.List {
		names := fieldNames(field)
		// Name the anonymous structs nested in the field's type.
		if label != "" && len(names) > 0 {
			labelNested(field.Type, label+"."+names[len(names)-1], labels)
		}
		t := pass.TypesInfo.TypeOf(field.Type)
		if t == nil {
			continue
		}
		var r *model.RunDecl
		var guarded string
		n := held(t, func(n *types.Named) bool {
			r, guarded = foreignGuard(m, n)
			return r != nil
		})
		if n == nil {
			continue
		}
		for i, name := range names {
			var at ast.Node = field.Type // an embedded field
			if i < len(field.Names) {
				at = field.Names[i]
			}
			subject := "struct field " + name
			if label != "" {
				subject = "field " + label + "." + name
			}
			rep.Reportf(at, "%s keeps its own copy of run %s %s (competing run truth); %s",
				subject, noun(guarded), n.Obj().Pkg().Name()+"."+n.Obj().Name(), instead(r))
		}
	}
}

// fieldNames returns the names of the field: its identifiers, or the name
// of an embedded field.
func fieldNames(field *ast.Field) []string {
	if len(field.Names) > 0 {
		names := make([]string, len(field.Names))
		for i, id := range field.Names {
			names[i] = id.Name
		}
		return names
	}
	switch x := astx.Base(field.Type).(type) {
	case *ast.SelectorExpr:
		return []string{x.Sel.Name}
	case *ast.Ident:
		return []string{x.Name}
	}
	return []string{types.ExprString(field.Type)}
}

// labelNested labels the anonymous struct types that make up the type
// expression e (directly or as pointer, slice, array, map or channel
// element).
func labelNested(e ast.Expr, label string, labels map[*ast.StructType]string) {
	for {
		switch x := e.(type) {
		case *ast.StructType:
			labels[x] = label
			return
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.ArrayType:
			e = x.Elt
		case *ast.ChanType:
			e = x.Value
		case *ast.MapType:
			labelNested(x.Key, label, labels)
			e = x.Value
		default:
			return
		}
	}
}

// held returns the first named type that t is or holds by pointer, slice,
// array, map key or element, or channel element, and for which ok
// reports true; otherwise nil.
func held(t types.Type, ok func(*types.Named) bool) *types.Named {
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		if n := u.Origin(); ok(n) {
			return n
		}
	case *types.Pointer:
		return held(u.Elem(), ok)
	case *types.Slice:
		return held(u.Elem(), ok)
	case *types.Array:
		return held(u.Elem(), ok)
	case *types.Chan:
		return held(u.Elem(), ok)
	case *types.Map:
		if n := held(u.Key(), ok); n != nil {
			return n
		}
		return held(u.Elem(), ok)
	}
	return nil
}

// foreignGuard returns a run type, not owned by the package under
// analysis, with a guarded field of the named type n declared in one of
// its owner packages, and that field's name. It returns nil when the
// package owns any run type that guards a field of type n.
func foreignGuard(m *model.Model, n *types.Named) (*model.RunDecl, string) {
	if n.Obj().Pkg() == nil {
		return nil, ""
	}
	qn := n.Obj().Pkg().Path() + "." + n.Obj().Name()
	var found *model.RunDecl
	field := ""
	for _, r := range m.GuardedType(n) {
		if m.IsOwner(r) {
			return nil, ""
		}
		if found != nil || !model.IsOwner(r, n.Obj().Pkg().Path()) {
			continue
		}
		for i, ft := range r.FieldTypes {
			if ft == qn && i < len(r.Fields) {
				found, field = r, r.Fields[i]
				break
			}
		}
	}
	return found, field
}

// noun names a guarded field in messages.
func noun(field string) string {
	switch field {
	case "Status":
		return "status"
	case "Outcome":
		return "outcome"
	}
	return "lifecycle field " + field
}

// instead says where to read the run's truth.
func instead(r *model.RunDecl) string {
	if advice.IsOprun(r) {
		return "keep the run ID and read the run through oprun with (*oprun.Service).Get"
	}
	return "keep the run ID and read the run " + r.Short() + " from its owner packages"
}
