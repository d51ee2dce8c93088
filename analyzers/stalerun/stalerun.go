package stalerun

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/lifecycle"
	"github.com/runtruth/runtruth/passes/model"
	"github.com/runtruth/runtruth/passes/reach"
	"github.com/runtruth/runtruth/passes/render"
)

// Analyzer reports staleness of runs derived in the UI.
var Analyzer = &analysis.Analyzer{
	Name:       "stalerun",
	Doc:        checkdoc.MustExtract(doc, "stalerun"),
	URL:        "https://github.com/runtruth/runtruth#stalerun",
	Requires:   []*analysis.Analyzer{model.Analyzer, render.Analyzer, lifecycle.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

// value is what an expression holds, as far as staleness goes.
type value struct {
	now     bool           // the current time, or a time computed from it
	field   *types.Var     // a run's time field, or nil
	run     *model.RunDecl // the run type of field
	elapsed bool           // the time between field and the current time
}

type checker struct {
	pass  *analysis.Pass
	m     *model.Model
	rep   *model.Reporter
	decls map[*types.Func]*ast.FuncDecl
	seen  map[*ast.BlockStmt]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	rep := m.NewReporter(pass)
	if len(m.Runs()) == 0 {
		return rep.Result(), nil // no run type in view
	}
	paths := pass.ResultOf[render.Analyzer].(*render.Result)
	c := &checker{pass: pass, m: m, rep: rep, decls: map[*types.Func]*ast.FuncDecl{}, seen: map[*ast.BlockStmt]bool{}}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					c.decls[fn] = fd
				}
			}
		}
	}
	for _, e := range paths.Entries {
		c.walk(e.Name, e.Body)
	}
	checkProgram(m, rep, pass.ResultOf[lifecycle.Analyzer].(*lifecycle.Result))
	return rep.Result(), nil
}

// UnreconciledCategory starts the category of a finding that a program
// starts runs of a run type and reconciles none: the category ends with
// the run type's qualified name. The runtruth binary drops the finding
// when another program analyzed with it reaches a reconciler of that type.
const UnreconciledCategory = "unreconciled:"

// checkProgram reports, at func main, each run type that the program
// starts runs of but reaches no reconciler of.
func checkProgram(m *model.Model, rep *model.Reporter, lc *lifecycle.Result) {
	if lc.Main == nil || lc.Program == nil || rep.SkipPos(lc.Main.Pos()) {
		return
	}
	at := lc.Main.Name
	for _, s := range lc.Program.Starts {
		if lc.Program.Reconciling(s.Run) != nil {
			continue
		}
		name := s.Run
		if r := m.RunNamed(s.Run); r != nil {
			name = r.Short()
		}
		rep.Report(analysis.Diagnostic{
			Pos: at.Pos(), End: at.End(),
			Category: UnreconciledCategory + s.Run,
			Message: fmt.Sprintf("program starts runs of %s (%s) but reaches no reconciler of them, so its stale active runs stay active; %s",
				name, s.Func, reconcileAdvice(m, s.Run)),
		})
	}
}

// reconcileAdvice names the reconcilers of run type qn in view.
func reconcileAdvice(m *model.Model, qn string) string {
	var names []string
	for _, d := range m.Lifecycle() {
		if d.Kind == "reconciler" && d.Run == qn {
			names = append(names, d.Func)
		}
	}
	switch len(names) {
	case 0:
		return "reconcile them periodically in this program, or in a worker program analyzed with it, with a function marked //runtruth:reconciler"
	case 1:
		return "run " + names[0] + " periodically in this program, or in a worker program analyzed with it"
	}
	return "run one of " + strings.Join(names, ", ") + " periodically in this program, or in a worker program analyzed with it"
}

// walk checks a body of the render path entry and the functions of the
// package that it calls.
func (c *checker) walk(entry string, body *ast.BlockStmt) {
	if c.seen[body] {
		return
	}
	c.seen[body] = true
	c.check(entry, body)
	reach.EachCall(body, func(call *ast.CallExpr) {
		if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok {
			if fd := c.decls[fn.Origin()]; fd != nil {
				c.walk(entry, fd.Body)
			}
		}
	})
}

// check reports the comparisons of a run's time field with the current
// time in body.
func (c *checker) check(entry string, body *ast.BlockStmt) {
	if c.rep.SkipPos(body.Pos()) {
		return
	}
	// What local variables hold: a flow-insensitive fixpoint over the
	// function's assignments.
	vars := map[*types.Var]value{}
	assign := func(lhs ast.Expr, rhs ast.Expr) bool {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok {
			return false
		}
		got := c.valueOf(rhs, vars)
		old := vars[v]
		merged := value{now: old.now || got.now, elapsed: old.elapsed || got.elapsed, field: old.field, run: old.run}
		if merged.field == nil {
			merged.field, merged.run = got.field, got.run
		}
		if merged != old {
			vars[v] = merged
			return true
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						changed = assign(n.Lhs[i], n.Rhs[i]) || changed
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i := range n.Names {
						changed = assign(n.Names[i], n.Values[i]) || changed
					}
				}
			}
			return true
		})
	}

	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			switch n.Op {
			case token.LSS, token.GTR, token.LEQ, token.GEQ, token.EQL, token.NEQ:
				for _, side := range []ast.Expr{n.X, n.Y} {
					if v := c.valueOf(side, vars); v.elapsed && v.field != nil {
						c.report(n, entry, v)
						return true
					}
				}
			}
		case *ast.CallExpr:
			fn, ok := typeutil.Callee(c.pass.TypesInfo, n).(*types.Func)
			if !ok || !isTimeMethod(fn, "Before", "After", "Compare", "Equal") || len(n.Args) != 1 {
				return true
			}
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			recv, arg := c.valueOf(sel.X, vars), c.valueOf(n.Args[0], vars)
			switch {
			case recv.field != nil && !recv.elapsed && arg.now:
				c.report(n, entry, recv)
			case arg.field != nil && !arg.elapsed && recv.now:
				c.report(n, entry, arg)
			}
		}
		return true
	})
}

// valueOf returns what e holds.
func (c *checker) valueOf(e ast.Expr, vars map[*types.Var]value) value {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := c.pass.TypesInfo.Uses[e].(*types.Var); ok {
			return vars[v]
		}
	case *ast.StarExpr:
		return c.valueOf(e.X, vars)
	case *ast.SelectorExpr:
		s := c.pass.TypesInfo.Selections[e]
		if s == nil || s.Kind() != types.FieldVal {
			return value{}
		}
		f, ok := s.Obj().(*types.Var)
		if !ok || !isTime(f.Type()) {
			return value{}
		}
		if r := c.m.RunType(s.Recv()); r != nil {
			return value{field: f, run: r}
		}
	case *ast.BinaryExpr:
		x, y := c.valueOf(e.X, vars), c.valueOf(e.Y, vars)
		if x.elapsed {
			return x
		}
		if y.elapsed {
			return y
		}
	case *ast.CallExpr:
		if tv, ok := c.pass.TypesInfo.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.valueOf(e.Args[0], vars) // a conversion: float64(elapsed)
		}
		fn, ok := typeutil.Callee(c.pass.TypesInfo, e).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "time" {
			return value{}
		}
		sig := fn.Type().(*types.Signature)
		if sig.Recv() == nil {
			switch fn.Name() {
			case "Now":
				return value{now: true}
			case "Since", "Until":
				if len(e.Args) == 1 {
					if v := c.valueOf(e.Args[0], vars); v.field != nil && !v.elapsed {
						return value{field: v.field, run: v.run, elapsed: true}
					}
				}
			}
			return value{}
		}
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok {
			return value{}
		}
		recv := c.valueOf(sel.X, vars)
		switch fn.Name() {
		case "Add", "AddDate", "Truncate", "Round", "UTC", "Local", "In":
			// The current time or a run's time moved (a deadline:
			// run.StartedAt.Add(timeout)), or a duration rounded.
			return recv
		case "Sub":
			if len(e.Args) == 1 {
				arg := c.valueOf(e.Args[0], vars)
				if recv.now && arg.field != nil && !arg.elapsed {
					return value{field: arg.field, run: arg.run, elapsed: true}
				}
				if arg.now && recv.field != nil && !recv.elapsed {
					return value{field: recv.field, run: recv.run, elapsed: true}
				}
			}
		case "Hours", "Minutes", "Seconds", "Milliseconds", "Microseconds", "Nanoseconds", "Abs":
			if recv.elapsed {
				return recv
			}
		}
	}
	return value{}
}

func (c *checker) report(n ast.Node, entry string, v value) {
	c.rep.Report(analysis.Diagnostic{
		Pos: n.Pos(), End: n.End(),
		Message: fmt.Sprintf("render path %s compares run field %s.%s with the current time, deriving staleness in the UI; %s",
			entry, v.run.Short(), v.field.Name(), advice.Reconcile(v.run)),
	})
}

// isTime reports whether t is time.Time or *time.Time.
func isTime(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time"
}

// isTimeMethod reports whether fn is one of the named methods of
// time.Time.
func isTimeMethod(fn *types.Func, names ...string) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !isTime(sig.Recv().Type()) {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}
