package evidence_test

import (
	"testing"

	"github.com/runtruth/runtruth/analyzers/evidence"
	"github.com/runtruth/runtruth/internal/checktest"
	"github.com/runtruth/runtruth/passes/model"
)

func TestEvidence(t *testing.T) {
	if err := model.Analyzer.Flags.Set("observe", "true"); err != nil {
		t.Fatal(err)
	}
	defer model.Analyzer.Flags.Set("observe", "false")
	checktest.Run(t, checktest.TestData(), evidence.Analyzer, "life", "use", "prog")
}

// TestSilentUnasked: without observations asked for, the analyzer
// reports nothing, so that go vet and golangci-lint never show them.
func TestSilentUnasked(t *testing.T) {
	for _, a := range checktest.Run(silent{t}, checktest.TestData(), evidence.Analyzer, "use") {
		if n := len(a.Diagnostics); n > 0 {
			t.Errorf("%s: %d observations without -observe", a.Package.PkgPath, n)
		}
	}
}

// silent drops the unmatched expectations of the want comments.
type silent struct{ t *testing.T }

func (s silent) Errorf(format string, args ...any) {}
