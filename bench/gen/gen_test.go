package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/runtruth/runtruth/analyzers/renderprovider"
	"github.com/runtruth/runtruth/internal/loader"
)

func TestPlan(t *testing.T) {
	for _, n := range []int{7, 50, 500} {
		l, err := plan(n)
		if err != nil {
			t.Fatal(err)
		}
		total := 2 + l.render
		for _, s := range l.layer {
			if s == 0 {
				t.Errorf("n=%d: empty layer in %v", n, l.layer)
			}
			total += s
		}
		if total != n {
			t.Errorf("n=%d: plan has %d packages", n, total)
		}
	}
	if _, err := plan(6); err == nil {
		t.Error("plan(6): no error")
	}
}

// TestGenerate writes a small module and runs renderprovider over it: the
// render packages with a violation reach the providers through five calls
// and four packages.
func TestGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the module and its standard library dependencies")
	}
	dir := t.TempDir()
	const n = 12
	if err := generate(dir, n, 1); err != nil {
		t.Fatal(err)
	}
	if err := generate(dir, n, 1); err == nil {
		t.Error("generate into a non-empty directory: no error")
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := loader.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != n {
		t.Errorf("loaded %d packages, want %d", len(pkgs), n)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the module does not type-check")
	}
	g, err := checker.Analyze([]*analysis.Analyzer{renderprovider.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for act := range g.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		if act.IsRoot {
			for _, d := range act.Diagnostics {
				posn := act.Package.Fset.Position(d.Pos)
				msgs = append(msgs, filepath.Base(filepath.Dir(posn.Filename))+": "+d.Message)
			}
		}
	}
	l, _ := plan(n)
	want := (l.render + 2) / 3 // every third render package, from p0
	if len(msgs) != want {
		t.Errorf("%d findings, want %d:\n%s", len(msgs), want, strings.Join(msgs, "\n"))
	}
	// render → l0 → l1 → l2 → l3 → graph, through Load and load in each
	// layer.
	for _, m := range msgs {
		if !strings.Contains(m, "render path (*Page).Render reaches provider call (*graph.Client).Users via (*p") ||
			strings.Count(m, "→") != 7 || strings.Contains(m, "…") {
			t.Errorf("unexpected finding: %s", m)
		}
	}
	t.Logf("findings:\n%s", strings.Join(msgs, "\n"))
}
