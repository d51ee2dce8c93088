package renderprovider

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/model"
	"github.com/runtruth/runtruth/passes/reach"
	"github.com/runtruth/runtruth/passes/render"
)

// Analyzer reports remote provider calls reachable from a render path.
var Analyzer = &analysis.Analyzer{
	Name:       "renderprovider",
	Doc:        checkdoc.MustExtract(doc, "renderprovider"),
	URL:        "https://github.com/runtruth/runtruth#renderprovider",
	Requires:   []*analysis.Analyzer{model.Analyzer, reach.Analyzer, render.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

// instead is what every diagnostic recommends.
const instead = "load it in a job or service before rendering and pass the result in"

type checker struct {
	pass *analysis.Pass
	r    *reach.Result
	rep  *model.Reporter
	// entryFuncs are the functions of the package that are entry points:
	// a call of one is reported in its own body.
	entryFuncs map[*types.Func]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	rep := m.NewReporter(pass)
	if !r.Possible() {
		return rep.Result(), nil
	}
	paths := pass.ResultOf[render.Analyzer].(*render.Result)
	c := &checker{pass: pass, r: r, rep: rep, entryFuncs: paths.Funcs}
	for _, el := range paths.Elsewhere {
		if p := r.From(el.Func, el.Value.Pos()); p != nil {
			c.report(el.Value, el.Name, p, nil)
		}
	}
	for _, e := range paths.Entries {
		c.check(e)
	}
	return rep.Result(), nil
}

// check reports the calls of an entry point that reach a provider call.
func (c *checker) check(e *render.Entry) {
	if c.rep.SkipPos(e.Body.Pos()) {
		return
	}
	reach.EachCall(e.Body, func(call *ast.CallExpr) {
		fn := c.r.Callee(call)
		if fn == nil || c.entryFuncs[fn] {
			return
		}
		if p := c.r.Call(call); p != nil {
			c.report(call, e.Name, p, e.Note)
		}
	})
}

func (c *checker) report(rng analysis.Range, entry string, p *reach.Path, note *analysis.RelatedInformation) {
	from := c.pass.Pkg.Path()
	prov := p.Provider().Display(from)
	var msg string
	if len(p.Hops) == 1 {
		msg = fmt.Sprintf("render path %s makes provider call %s; %s", entry, prov, instead)
	} else {
		msg = fmt.Sprintf("render path %s reaches provider call %s via %s; %s",
			entry, prov, strings.Join(p.Via(from), " → "), instead)
	}
	d := analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Message: msg}
	if note != nil {
		d.Related = append(d.Related, *note)
	}
	for i := 1; i < len(p.Hops); i++ {
		h := p.Hops[i]
		caller := p.Hops[i-1].Display(from)
		if i == len(p.Hops)-1 && p.Elided > 0 {
			caller = "…"
		}
		ri := analysis.RelatedInformation{Pos: c.r.Pos(h), Message: caller + " calls " + h.Display(from)}
		if !ri.Pos.IsValid() {
			ri.Pos = rng.Pos()
			ri.Message += " at " + h.At
		}
		d.Related = append(d.Related, ri)
	}
	c.rep.Report(d)
}
