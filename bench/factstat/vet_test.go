package factstat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/runtruth/runtruth/analyzers/renderprovider"
)

// The test of real .vetx files runs go vet with this test binary as its
// tool. Under go vet it is a wrapper that keeps every package's facts, as
// bench/vet-ratio.sh's wrapper does: it runs itself as the vet tool proper
// (unitchecker), then copies the .vetx file that go vet gave it.
const (
	keepVar  = "RUNTRUTH_FACTSTAT_KEEP"  // directory to copy the .vetx files to
	innerVar = "RUNTRUTH_FACTSTAT_INNER" // set in the process that analyzes
	nonceVar = "RUNTRUTH_FACTSTAT_NONCE" // a tool identity unique to one test run
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(keepVar); dir != "" {
		os.Exit(vetTool(dir, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// vetTool is the go vet tool of the test.
func vetTool(keep string, args []string) int {
	if os.Getenv(innerVar) != "" {
		unitchecker.Main(renderprovider.Analyzer) // exits
	}
	if len(args) == 1 && args[0] == "-V=full" {
		// A new identity for each test run, so that go vet's cache
		// never answers for the tool.
		fmt.Printf("factstat.test version devel buildID=%s\n", os.Getenv(nonceVar))
		return 0
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), innerVar+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if cfg := args[len(args)-1]; strings.HasSuffix(cfg, ".cfg") {
		if err := keepVetx(cfg, keep); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return code
}

// keepVetx copies the .vetx file that the go vet configuration cfg names
// to dir, named after the package.
func keepVetx(cfg, dir string) error {
	data, err := os.ReadFile(cfg)
	if err != nil {
		return err
	}
	var c struct{ ImportPath, VetxOutput string }
	if err := json.Unmarshal(data, &c); err != nil {
		return fmt.Errorf("%s: %w", cfg, err)
	}
	vetx, err := os.ReadFile(c.VetxOutput)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, strings.ReplaceAll(c.ImportPath, "/", "~")+".vetx"), vetx, 0o644)
}

// TestVetx reads the .vetx files that go vet -vettool writes for a small
// module: a provider, a package whose function reaches it, and a page.
func TestVetx(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	mod, keep := t.TempDir(), t.TempDir()
	for name, src := range map[string]string{
		"go.mod":           "module example.com/m\n\ngo 1.22\n",
		"graph/graph.go":   "package graph\n\n//runtruth:provider\nfunc Users() []string { return nil }\n",
		"store/store.go":   "package store\n\nimport \"example.com/m/graph\"\n\nfunc Load() int { return len(graph.Users()) }\n",
		"store/helper.go":  "package store\n\nfunc Double(n int) int { return 2 * n }\n",
		"web/web.go":       "package web\n\nimport \"example.com/m/store\"\n\n//runtruth:render\nfunc Page() int { return store.Load() }\n",
		"other/nothing.go": "package other\n",
	} {
		path := filepath.Join(mod, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tool, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	vet := exec.Command("go", "vet", "-vettool="+tool, "./...")
	vet.Dir = mod
	// GORACE: under the race detector, the tool would sleep a second
	// when it exits, twice for each package.
	vet.Env = append(os.Environ(), keepVar+"="+keep, nonceVar+"="+fmt.Sprintf("%x", []byte(t.TempDir())), "GOFLAGS=", "GOWORK=off", "GORACE=atexit_sleep_ms=0")
	out, err := vet.CombinedOutput()
	if !strings.Contains(string(out), "render path Page reaches provider call graph.Users via store.Load") {
		t.Fatalf("go vet: %v; no renderprovider finding:\n%s", err, out)
	}

	var stats bytes.Buffer
	if err := Run(&stats, keep, "example.com/m/", renderprovider.Analyzer); err != nil {
		t.Fatal(err)
	}
	got := stats.String()
	t.Logf("go vet:\n%s\nfactstat:\n%s", out, got)
	for _, want := range []string{".vetx file", "all facts", "*reach.Path", "*reach.PackageFact", "example.com/m/store"} {
		if !strings.Contains(got, want) {
			t.Errorf("factstat output lacks %q:\n%s", want, got)
		}
	}
	stats.Reset()
	if err := Run(&stats, keep, "example.com/m/s", renderprovider.Analyzer); err != nil {
		t.Fatal(err)
	}
	if got := stats.String(); !strings.Contains(got, "example.com/m/store") || strings.Contains(got, "example.com/m/web") {
		t.Errorf("prefix example.com/m/s: want store only:\n%s", got)
	}
	if err := Run(&stats, keep, "nothing/"); err == nil {
		t.Error("no error for a prefix without files")
	}
}
