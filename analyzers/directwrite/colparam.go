package directwrite

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/passes/model"
)

// ColumnParam is the fact of a function whose column parameter (a
// ...string or []string parameter) lists the columns that an ORM update
// of a run type writes, such as gitea's UpdateRunJob(ctx, job, cond,
// cols...). A caller outside the run type's owners that passes a guarded
// column writes it.
type ColumnParam struct {
	Param int    // the parameter's index, the receiver not counted
	Run   string // the run type's qualified name
}

// AFact marks ColumnParam as an analysis fact.
func (*ColumnParam) AFact() {}

func (c *ColumnParam) String() string { return fmt.Sprintf("columnparam(%d, %s)", c.Param, c.Run) }

// exportColumnParams exports a ColumnParam for each function of the
// package whose []string parameter flows, as a whole, into the column
// list (Cols, MustCols, Select, Column, Columns) of an ORM chain, when the
// function takes or builds a value of a run type for an ORM call.
func exportColumnParams(pass *analysis.Pass, m *model.Model) {
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			sig := fn.Type().(*types.Signature)
			for i := range sig.Params().Len() {
				p := sig.Params().At(i)
				if !stringSlice(p.Type()) || !columnsFrom(pass, fd.Body, p) {
					continue
				}
				if r := bodyRun(pass, m, fd.Body); r != nil {
					pass.ExportObjectFact(fn, &ColumnParam{Param: i, Run: r.QualifiedName()})
				}
				break
			}
		}
	}
}

func stringSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

// columnsFrom reports whether body passes p to the column list of an ORM
// chain.
func columnsFrom(pass *analysis.Pass, body *ast.BlockStmt, p *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || orms[fn.Pkg().Path()] == "" {
			return true
		}
		switch sel.Sel.Name {
		case "Cols", "MustCols", "Select", "Column", "Columns":
			for _, a := range call.Args {
				if id, ok := ast.Unparen(a).(*ast.Ident); ok && pass.TypesInfo.Uses[id] == p {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// bodyRun returns the run type of a value that body passes to an ORM
// call (Update(job), Model(job)), or nil.
func bodyRun(pass *analysis.Pass, m *model.Model, body *ast.BlockStmt) *model.RunDecl {
	var run *model.RunDecl
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || run != nil {
			return run == nil
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func); !ok || fn.Pkg() == nil || orms[fn.Pkg().Path()] == "" {
			return true
		}
		for _, a := range call.Args {
			if r := runOf(pass, m, a); r != nil {
				run = r
				return false
			}
		}
		return true
	})
	return run
}

// checkColumnArgs reports the guarded columns that a call of fn passes
// to a column parameter of a run type the package does not own.
func checkColumnArgs(pass *analysis.Pass, m *model.Model, rep *model.Reporter, call *ast.CallExpr, fn *types.Func) {
	var cp ColumnParam
	if !pass.ImportObjectFact(fn, &cp) {
		return
	}
	r := foreignRun(m, cp.Run)
	if r == nil {
		return
	}
	var args []ast.Expr
	switch {
	case call.Ellipsis.IsValid() && cp.Param < len(call.Args):
		if lit, ok := ast.Unparen(call.Args[cp.Param]).(*ast.CompositeLit); ok {
			args = lit.Elts
		}
	case cp.Param < len(call.Args):
		args = call.Args[cp.Param:]
		if sig := fn.Type().(*types.Signature); !sig.Variadic() {
			args = nil
			if lit, ok := ast.Unparen(call.Args[cp.Param]).(*ast.CompositeLit); ok {
				args = lit.Elts
			}
		}
	}
	for _, a := range args {
		s, ok := constString(pass, a)
		if !ok {
			continue
		}
		col := lastPart(s)
		if f := r.Column(col); f != "" {
			rep.Reportf(a, "%s writes guarded column %s (%s.%s) outside its owner packages; %s",
				fn.Name(), col, r.Short(), f, advice.Transitions(r))
		}
	}
}
