package analyzers_test

import (
	"os"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/internal/loader"
)

// TestRobust runs the whole suite, in one analysis, over unusual but valid
// code (generics with constraints, aliases, recursion, closures, labels,
// unsafe, generated code, a large file): no check may fail, panic or
// report anything there.
func TestRobust(t *testing.T) {
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Dir:   "testdata",
		Tests: true,
		Env:   append(os.Environ(), "GOPATH="+mustAbs(t, "testdata"), "GO111MODULE=off", "GOWORK=off"),
	}
	pkgs, err := loader.Load(cfg, "robust/...")
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 || len(pkgs) < 3 {
		t.Fatalf("loading robust/...: %d packages, %d errors", len(pkgs), n)
	}
	g, err := checker.Analyze(analyzers.All(), pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	ran := map[string]bool{}
	for act := range g.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		if !act.IsRoot {
			continue
		}
		ran[act.Analyzer.Name] = true
		for _, d := range act.Diagnostics {
			t.Errorf("%s: %s: %s", act.Analyzer.Name, act.Package.Fset.Position(d.Pos), d.Message)
		}
	}
	for _, a := range analyzers.All() {
		if !ran[a.Name] {
			t.Errorf("%s did not run", a.Name)
		}
	}
}
