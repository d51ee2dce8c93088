package directwrite

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/passes/model"
)

// The column writes of ORM chains and query builders. A chain is a
// sequence of method calls on one value (db.Model(&job).Where(…).Update(
// "status", v)); it is read whole, from its outermost call, so that the
// model may come before or after the columns.

// orms maps the import paths of the libraries whose chains are read to
// their names in messages.
var orms = map[string]string{
	"gorm.io/gorm":                    "GORM",
	"github.com/jinzhu/gorm":          "GORM",
	"xorm.io/xorm":                    "xorm",
	"github.com/go-xorm/xorm":         "xorm",
	"github.com/uptrace/bun":          "bun",
	"github.com/Masterminds/squirrel": "squirrel",
	"github.com/doug-martin/goqu/v9":  "goqu",
}

// builders are the query builders that take the table by name:
// squirrel.Update("jobs"), goqu.Insert("jobs").
var builders = map[string]bool{"squirrel": true, "goqu": true}

// link is one call of a chain.
type link struct {
	call *ast.CallExpr
	name string // the method or function name
	lib  string // the library's name, "" for another package
}

// chainCalls returns the calls of the chain whose outermost call is call,
// innermost first.
func chainCalls(pass *analysis.Pass, call *ast.CallExpr) []link {
	var out []link
	for c := call; c != nil; {
		var name, lib string
		var next *ast.CallExpr
		switch fun := ast.Unparen(c.Fun).(type) {
		case *ast.SelectorExpr:
			name = fun.Sel.Name
			if fn, ok := pass.TypesInfo.Uses[fun.Sel].(*types.Func); ok && fn.Pkg() != nil {
				lib = orms[fn.Pkg().Path()]
			}
			next, _ = ast.Unparen(fun.X).(*ast.CallExpr)
		case *ast.Ident:
			name = fun.Name
		}
		out = append(out, link{call: c, name: name, lib: lib})
		c = next
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// innerCalls returns the calls that are the receiver of another call: a
// chain is read from its outermost call only.
func innerCalls(files []*ast.File) map[*ast.CallExpr]bool {
	inner := map[*ast.CallExpr]bool{}
	for _, file := range files {
		ast.Inspect(file, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok {
					if x, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok {
						inner[x] = true
					}
				}
			}
			return true
		})
	}
	return inner
}

// column is a column a chain names, with the expression that names it.
type column struct {
	name string
	at   ast.Expr
}

// checkChain reports the guarded columns that an ORM chain or query
// builder writes for a run type the package does not own.
func checkChain(pass *analysis.Pass, m *model.Model, rep *model.Reporter, call *ast.CallExpr) {
	chain := chainCalls(pass, call)
	lib := ""
	for _, l := range chain {
		if l.lib != "" {
			lib = l.lib
		}
	}
	if lib == "" {
		return
	}
	var (
		run     *model.RunDecl
		table   string
		write   bool     // the chain updates or inserts
		named   []column // columns that Select, Cols, Column or Columns name
		written []column // columns that the write itself names
		allCols ast.Expr // xorm's AllCols(): every column
	)
	for _, l := range chain {
		if l.lib == "" {
			continue
		}
		args := l.call.Args
		switch l.name {
		case "From":
			if lib == "goqu" && len(args) > 0 {
				if s, ok := constString(pass, args[0]); ok {
					table = s // goqu.From("jobs").Update()
				}
			}
		case "Model", "Table":
			for _, a := range args {
				if r := runOf(pass, m, a); r != nil {
					run = r
				} else if s, ok := constString(pass, a); ok {
					table = s
				}
			}
		case "Update", "UpdateColumn", "Updates", "UpdateColumns", "Save", "Insert", "NewUpdate", "NewInsert", "Exec":
			if l.name == "Exec" {
				break // bun runs the query its chain built
			}
			write = true
			if len(args) > 0 {
				if s, ok := constString(pass, args[0]); ok {
					switch {
					case builders[lib]:
						table = s // squirrel.Update("jobs"), goqu.Insert("jobs")
					case l.name == "Update" || l.name == "UpdateColumn":
						written = append(written, column{s, args[0]}) // GORM: Update("status", v)
					}
				}
				for _, a := range args {
					if r := runOf(pass, m, a); r != nil && run == nil {
						run = r // xorm: Update(&job), bun NewInsert().Model
					}
					written = append(written, mapKeys(pass, a)...)
				}
			}
		case "AllCols":
			allCols = l.call
		case "Select", "Cols", "MustCols", "Column", "Columns":
			if builders[lib] && l.name == "Select" {
				break // a read
			}
			for _, a := range args {
				if s, ok := constString(pass, a); ok {
					named = append(named, column{s, a})
				}
			}
		case "Set":
			if len(args) > 0 {
				if s, ok := constString(pass, args[0]); ok {
					// squirrel Set("status", v); bun Set("status = ?", v)
					col, _, _ := strings.Cut(s, "=")
					written = append(written, column{strings.Trim(strings.TrimSpace(col), "\"`"), args[0]})
				}
				written = append(written, mapKeys(pass, args[0])...) // goqu Set(goqu.Record{…})
			}
		case "SetMap", "Rows":
			for _, a := range args {
				written = append(written, mapKeys(pass, a)...)
			}
		}
	}
	if !write {
		return
	}
	var runs []*model.RunDecl
	if run != nil {
		runs = append(runs, run)
	} else if table != "" {
		all := m.Runs()
		for i := range all {
			if all[i].Table(lastPart(table)) {
				runs = append(runs, &all[i])
			}
		}
	}
	for _, r := range runs {
		if m.IsOwner(r) {
			continue
		}
		cols := append(written, named...)
		if allCols != nil {
			for _, col := range r.Columns {
				cols = append(cols, column{col, allCols})
			}
		}
		for _, c := range cols {
			col := lastPart(c.name)
			if f := r.Column(col); f != "" {
				rep.Reportf(c.at, "%s write of guarded column %s (%s.%s) outside its owner packages; %s",
					lib, col, r.Short(), f, advice.Transitions(r))
			}
		}
	}
}

// runOf returns the run type of a value (through pointers, slices and
// arrays: Model(&jobs)), or nil.
func runOf(pass *analysis.Pass, m *model.Model, e ast.Expr) *model.RunDecl {
	tv, ok := pass.TypesInfo.Types[e]
	if !ok {
		return nil
	}
	t := tv.Type
	for range 4 {
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Array:
			t = u.Elem()
			continue
		}
		break
	}
	return m.RunType(t)
}

// constString returns the value of a constant string expression.
func constString(pass *analysis.Pass, e ast.Expr) (string, bool) {
	tv, ok := pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// mapKeys returns the constant keys of a map literal (Updates(map[string]any{
// "status": v})).
func mapKeys(pass *analysis.Pass, e ast.Expr) []column {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	if _, isMap := pass.TypesInfo.TypeOf(lit).Underlying().(*types.Map); !isMap {
		return nil
	}
	var out []column
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if s, ok := constString(pass, kv.Key); ok {
				out = append(out, column{s, kv.Key})
			}
		}
	}
	return out
}

// lastPart returns a name without its table or schema: jobs.status is
// status.
func lastPart(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	return strings.ToLower(strings.Trim(s, "\"`[]"))
}
