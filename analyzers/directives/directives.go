package directives

import (
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/directwrite"
	"github.com/runtruth/runtruth/analyzers/dupetruth"
	"github.com/runtruth/runtruth/analyzers/proofboundary"
	"github.com/runtruth/runtruth/analyzers/renderprovider"
	"github.com/runtruth/runtruth/analyzers/runnotify"
	"github.com/runtruth/runtruth/analyzers/runscope"
	"github.com/runtruth/runtruth/analyzers/runsecrets"
	"github.com/runtruth/runtruth/analyzers/summarykeys"
	"github.com/runtruth/runtruth/passes/model"
)

// Checks are the checks whose allows the analyzer accounts for, in the
// order the documentation lists them (analyzers.All is this list and then
// directives itself). It requires each of them, so that it sees which
// allows they used.
var Checks = []*analysis.Analyzer{
	directwrite.Analyzer,
	summarykeys.Analyzer,
	renderprovider.Analyzer,
	runsecrets.Analyzer,
	runscope.Analyzer,
	proofboundary.Analyzer,
	dupetruth.Analyzer,
	runnotify.Analyzer,
}

// Analyzer reports malformed, unknown, misplaced and unused directives.
var Analyzer = &analysis.Analyzer{
	Name:       "directives",
	Doc:        "report malformed, unknown or misplaced //runtruth: directives and allows that suppress nothing",
	URL:        "https://github.com/runtruth/runtruth#directives",
	Requires:   append([]*analysis.Analyzer{model.Analyzer}, Checks...),
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	rep := m.NewReporter(pass)
	for _, p := range m.Problems {
		rep.Report(analysis.Diagnostic{Pos: p.Pos, Message: p.Msg})
	}
	for _, a := range m.Allows {
		if a.Err != nil {
			rep.Report(analysis.Diagnostic{Pos: a.Pos, Message: a.Err.Error()})
		}
	}

	used := map[string]*model.Suppressed{}
	for _, c := range Checks {
		if s, ok := pass.ResultOf[c].(*model.Suppressed); ok && s != nil {
			used[c.Name] = s
		}
	}
	// Allows of this check come last: they may suppress the reports above.
	var own []*model.Allow
	for _, a := range m.Allows {
		if a.Err != nil || m.SkipFile(a.File) {
			continue
		}
		if a.Check == pass.Analyzer.Name {
			own = append(own, a)
			continue
		}
		if s := used[a.Check]; s == nil || !s.Allows[a.Pos] {
			rep.ReportUnsuppressible(analysis.Diagnostic{Pos: a.Pos, Message: unused(a)})
		}
	}
	for _, a := range own {
		if !rep.Result().Allows[a.Pos] {
			rep.ReportUnsuppressible(analysis.Diagnostic{Pos: a.Pos, Message: unused(a)})
		}
	}
	return rep.Result(), nil
}

func unused(a *model.Allow) string {
	return "//runtruth:allow " + a.Check + " suppresses no finding on its line; remove it"
}
