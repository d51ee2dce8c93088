// Package analyzers is runtruth's suite: every check, in the order the
// documentation lists them. Every driver (the runtruth binary, go vet,
// the golangci-lint plugin) runs exactly this list.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/directives"
	"github.com/runtruth/runtruth/analyzers/directwrite"
	"github.com/runtruth/runtruth/analyzers/dupetruth"
	"github.com/runtruth/runtruth/analyzers/evidence"
	"github.com/runtruth/runtruth/analyzers/proofboundary"
	"github.com/runtruth/runtruth/analyzers/renderprovider"
	"github.com/runtruth/runtruth/analyzers/runnotify"
	"github.com/runtruth/runtruth/analyzers/runscope"
	"github.com/runtruth/runtruth/analyzers/runsecrets"
	"github.com/runtruth/runtruth/analyzers/stalerun"
	"github.com/runtruth/runtruth/analyzers/summarykeys"
	"github.com/runtruth/runtruth/passes/model"
)

// checks is the list of runtruth's checks but directives, in the order
// the documentation lists them.
var checks = []*analysis.Analyzer{
	directwrite.Analyzer,
	summarykeys.Analyzer,
	renderprovider.Analyzer,
	runsecrets.Analyzer,
	runscope.Analyzer,
	proofboundary.Analyzer,
	dupetruth.Analyzer,
	runnotify.Analyzer,
	stalerun.Analyzer,
}

// Directives is the directives check of the suite: it accounts for the
// allow directives of every other check.
var Directives = directives.New(checks...)

// All returns runtruth's checks, directives last.
func All() []*analysis.Analyzer {
	return append(append([]*analysis.Analyzer(nil), checks...), Directives)
}

// Names returns the names of the suite's checks, in the order of All: the
// names that a configuration's checks: and severity: may use.
func Names() []string {
	var names []string
	for _, a := range All() {
		names = append(names, a.Name)
	}
	return names
}

// Model is the shared pass; drivers that expose analyzer flags list it
// too, so that its -config, -settings and -include-tests flags reach it.
var Model = model.Analyzer

// Evidence observes what the runtruth command's evidence reports; it is
// no check and reports nothing unless asked for observations (see
// package evidence).
var Evidence = evidence.Analyzer
