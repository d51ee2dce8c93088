package directives

import (
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/model"
)

// Name is the directives check's name, the name its allows use.
const Name = "directives"

// New returns the directives check for a suite of checks: it requires each
// of them, so that it sees which allows they used, and an allow that names
// none of them (nor directives) is reported as naming an unknown check.
// Package analyzers builds runtruth's suite with it.
func New(checks ...*analysis.Analyzer) *analysis.Analyzer {
	checks = append([]*analysis.Analyzer(nil), checks...)
	return &analysis.Analyzer{
		Name:       Name,
		Doc:        checkdoc.MustExtract(doc, Name),
		URL:        "https://github.com/runtruth/runtruth#directives",
		Requires:   append([]*analysis.Analyzer{model.Analyzer}, checks...),
		Run:        func(pass *analysis.Pass) (any, error) { return run(pass, checks) },
		ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
	}
}

func run(pass *analysis.Pass, checks []*analysis.Analyzer) (any, error) {
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

	known := map[string]bool{Name: true}
	names := []string{}
	used := map[string]*model.Suppressed{}
	for _, c := range checks {
		known[c.Name] = true
		names = append(names, c.Name)
		if s, ok := pass.ResultOf[c].(*model.Suppressed); ok && s != nil {
			used[c.Name] = s
		}
	}
	names = append(names, Name)
	// Allows of this check come last: they may suppress the reports above.
	var own []*model.Allow
	for _, a := range m.Allows {
		if a.Err != nil || m.SkipFile(a.File) {
			continue
		}
		if !known[a.Check] {
			rep.Report(analysis.Diagnostic{Pos: a.Pos, Message: fmt.Sprintf("%sallow names unknown check %q (known: %s)", model.Prefix, a.Check, strings.Join(names, ", "))})
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
