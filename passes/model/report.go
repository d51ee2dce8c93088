package model

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// Suppressed is the result of every check: the allow directives that
// suppressed one of its findings. The directives check reads it to report
// allows that suppress nothing.
type Suppressed struct {
	Check  string
	Allows map[token.Pos]bool
}

// Reporter reports a check's diagnostics. It drops findings in files that
// are not checked (tests, unless include-tests; generated files; files the
// configuration excludes) and those of checks that the configuration's
// checks: key leaves out, honours //runtruth:allow directives and records
// which of them it used (a check left out still uses them, so that the
// directives check judges them alike).
type Reporter struct {
	pass *analysis.Pass
	m    *Model
	used *Suppressed
}

// NewReporter returns the reporter of the check that pass runs.
func (m *Model) NewReporter(pass *analysis.Pass) *Reporter {
	return &Reporter{pass: pass, m: m, used: &Suppressed{Check: pass.Analyzer.Name, Allows: map[token.Pos]bool{}}}
}

// Report reports d unless it is suppressed. The diagnostic's category is
// the check's name and its URL the check's documentation.
func (r *Reporter) Report(d analysis.Diagnostic) {
	posn := r.pass.Fset.PositionFor(d.Pos, false)
	if r.m.skipName(posn.Filename) {
		return
	}
	for _, a := range r.m.allowAt[fileLine{posn.Filename, posn.Line}] {
		if a.Check == r.used.Check {
			r.used.Allows[a.Pos] = true
			return
		}
	}
	r.report(d)
}

// ReportUnsuppressible reports d whatever allows stand on its line: a
// report about an allow itself must not be suppressed by that allow.
func (r *Reporter) ReportUnsuppressible(d analysis.Diagnostic) {
	if r.m.skipName(r.pass.Fset.PositionFor(d.Pos, false).Filename) {
		return
	}
	r.report(d)
}

func (r *Reporter) report(d analysis.Diagnostic) {
	if !r.m.Config.Checks.Selects(r.used.Check) {
		return // the configuration's checks: leave this check out
	}
	if d.Category == "" {
		d.Category = r.used.Check
	}
	if d.URL == "" {
		d.URL = r.pass.Analyzer.URL
	}
	r.pass.Report(d)
}

// Reportf reports a diagnostic at the node's range.
func (r *Reporter) Reportf(rng analysis.Range, format string, args ...any) {
	r.Report(analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Message: fmt.Sprintf(format, args...)})
}

// Result returns what the check's Run returns: the allows it used.
func (r *Reporter) Result() *Suppressed { return r.used }

// SkipPos reports whether findings at pos are dropped anyway (test files
// without include-tests, generated files), so a check can skip work.
func (r *Reporter) SkipPos(pos token.Pos) bool {
	return r.m.skipName(r.pass.Fset.PositionFor(pos, false).Filename)
}

// SkipFile reports whether findings in the named file are dropped.
func (m *Model) SkipFile(name string) bool { return m.skipName(name) }
