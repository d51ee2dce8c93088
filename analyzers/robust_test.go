package analyzers_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers"
)

// TestRobust runs every check over unusual but valid code (generics with
// constraints, aliases, recursion, closures, labels, unsafe, generated
// code, a large file): none may panic or report anything there.
func TestRobust(t *testing.T) {
	for _, a := range analyzers.All() {
		t.Run(a.Name, func(t *testing.T) {
			analysistest.Run(t, analysistest.TestData(), a, "robust/...")
		})
	}
}
