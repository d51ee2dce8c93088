package analyzers_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/internal/loader"
)

// TestFactsEncodeDeterministically runs the suite over the demo service
// with the checker's sanity check, which gob-encodes every fact that
// crosses a package boundary and fails when an encoding is not
// deterministic.
func TestFactsEncodeDeterministically(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo service; skipped with -short")
	}
	pkgs, err := loader.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: "../testdata/demo"}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors loading the demo", n)
	}
	g, err := checker.Analyze(analyzers.All(), pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	diags := 0
	for act := range g.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		if act.IsRoot {
			diags += len(act.Diagnostics)
		}
	}
	if diags == 0 {
		t.Error("no findings on the demo service")
	}
}

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
