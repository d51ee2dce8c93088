// Package analyzers is runtruth's suite: every check, in the order the
// documentation lists them. Every driver (the runtruth binary, go vet,
// the golangci-lint plugin) runs exactly this list.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/directives"
	"github.com/runtruth/runtruth/passes/model"
)

// All returns runtruth's checks: those that the directives check requires
// (it accounts for their allow directives), then directives itself.
func All() []*analysis.Analyzer {
	return append(append([]*analysis.Analyzer(nil), directives.Checks...), directives.Analyzer)
}

// Model is the shared pass; drivers that expose analyzer flags list it
// too, so that its -config, -settings and -include-tests flags reach it.
var Model = model.Analyzer
