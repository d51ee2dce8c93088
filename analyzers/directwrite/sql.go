package directwrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/directwrite/internal/sqlwrite"
	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/passes/model"
)

// checkSQL reports the constant SQL arguments of a call that write a
// guarded column of a run type the package does not own: an UPDATE of
// its table setting the column, an INSERT, REPLACE or upsert into it that
// sets the column (or every column), or an upsert's update of it.
func checkSQL(pass *analysis.Pass, m *model.Model, rep *model.Reporter, call *ast.CallExpr) {
	for _, arg := range call.Args {
		tv, ok := pass.TypesInfo.Types[arg]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			continue
		}
		sql := constant.StringVal(tv.Value)
		if !mayWrite(sql) {
			continue
		}
		for _, w := range sqlwrite.Writes(sql) {
			runs := m.Runs()
			for i := range runs {
				r := &runs[i]
				if !r.Table(w.Table) || m.IsOwner(r) {
					continue
				}
				cols := guardedColumns(r, w)
				if len(cols) == 0 {
					continue
				}
				verb := "UPDATE of"
				if w.Insert {
					verb = "INSERT into"
				}
				noun := "column"
				if len(cols) > 1 {
					noun = "columns"
				}
				rep.Reportf(arg, "SQL %s table %s sets guarded %s %s outside its owner packages; %s",
					verb, w.Table, noun, strings.Join(cols, ", "), advice.Transitions(r))
			}
		}
	}
}

// mayWrite is a cheap test that rules out most strings: a write names
// one of the words.
func mayWrite(s string) bool {
	u := strings.ToUpper(s)
	return strings.Contains(u, "UPDATE") || strings.Contains(u, "INSERT") || strings.Contains(u, "REPLACE")
}

// guardedColumns returns the guarded columns that w sets, each with its
// field: "state (store.ExportJob.Status)".
func guardedColumns(r *model.RunDecl, w sqlwrite.Write) []string {
	var out []string
	add := func(col, field string) {
		out = append(out, fmt.Sprintf("%s (%s.%s)", col, r.Short(), field))
	}
	if w.AllColumns {
		for i, f := range r.Fields {
			if i < len(r.Columns) {
				add(r.Columns[i], f)
			}
		}
		return out
	}
	for _, col := range w.Columns {
		if f := r.Column(col); f != "" {
			add(col, f)
		}
	}
	return out
}
