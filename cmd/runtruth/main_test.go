package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/runtruth/runtruth/internal/demotest"
)

// TestMain runs the tests with the driver in process: runs on the
// unchanged demo share one load of it. Only the tests of go vet, which runs
// its tool as a process once per package, need a binary (vetTool).
func TestMain(m *testing.M) {
	loadPackages, analyzePackages = sharedLoad(load), sharedAnalysis(analyze)
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binDir holds the binary that vetTool builds.
var binDir string

// vetTool builds the runtruth binary once per test binary, for go vet.
var vetTool = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "runtruth-test")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "runtruth")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// goVet runs go vet in dir with the runtruth binary as its tool.
func goVet(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	tool, err := vetTool()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", append([]string{"vet", "-vettool=" + tool}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet -vettool: %v\n%s", err, out)
	}
	return out
}

// demo is the absolute path of testdata/demo, which no test changes:
// tests that edit the demo edit a copy (copyDemo).
var demo = func() string {
	dir, err := filepath.Abs("../../testdata/demo")
	if err != nil {
		panic(err)
	}
	share(dir)
	return dir
}()

// shared holds the directories whose packages runs share, each with the
// number of times a test edited it: the demo, and copies that a test
// shares (share) and marks edited after each edit (edited).
var shared sync.Map // string → *atomic.Int64

// share declares that runs in dir share the packages they load until the
// test calls edited(dir).
func share(dir string) { shared.LoadOrStore(dir, new(atomic.Int64)) }

// edited declares that a test changed the files of a shared directory.
func edited(dir string) {
	if n, ok := shared.Load(dir); ok {
		n.(*atomic.Int64).Add(1)
	}
}

// sharedLoad returns a loader that loads the packages of a shared
// directory once for each set of patterns and build options, and every
// other directory as load does.
func sharedLoad(load func([]string, options) ([]*packages.Package, []string, error)) func([]string, options) ([]*packages.Package, []string, error) {
	type result struct {
		pkgs []*packages.Package
		errs []string
		err  error
	}
	var (
		mu    sync.Mutex
		loads = map[string]func() result{}
	)
	return func(patterns []string, opts options) ([]*packages.Package, []string, error) {
		dir, err := filepath.Abs(opts.dir)
		n, ok := shared.Load(dir)
		if err != nil || !ok {
			return load(patterns, opts)
		}
		gen := strconv.FormatInt(n.(*atomic.Int64).Load(), 10)
		key := strings.Join(append([]string{dir, gen, opts.tags, strconv.FormatBool(opts.tests)}, patterns...), "\x00")
		mu.Lock()
		once, ok := loads[key]
		if !ok {
			once = sync.OnceValue(func() result {
				pkgs, errs, err := load(patterns, opts)
				return result{pkgs, errs, err}
			})
			loads[key] = once
		}
		mu.Unlock()
		r := once()
		if len(r.pkgs) > 0 {
			sharedPkgs.Store(r.pkgs[0], true)
		}
		return r.pkgs, r.errs, r.err
	}
}

// sharedPkgs holds the first package of each shared load.
var sharedPkgs sync.Map // *packages.Package → true

// sharedAnalysis returns an analyzer of packages that analyzes the
// packages of a shared load once for each configuration, and other
// packages as analyze does.
func sharedAnalysis(analyze func([]*packages.Package, options) (*checker.Graph, error)) func([]*packages.Package, options) (*checker.Graph, error) {
	type key struct {
		first            *packages.Package
		config, settings string
		includeTests     bool
	}
	type result struct {
		g   *checker.Graph
		err error
	}
	var (
		mu       sync.Mutex
		analyses = map[key]func() result{}
	)
	return func(pkgs []*packages.Package, opts options) (*checker.Graph, error) {
		if len(pkgs) == 0 {
			return analyze(pkgs, opts)
		}
		if _, ok := sharedPkgs.Load(pkgs[0]); !ok {
			return analyze(pkgs, opts)
		}
		k := key{pkgs[0], opts.config, opts.settings, opts.includeTests}
		mu.Lock()
		once, ok := analyses[k]
		if !ok {
			once = sync.OnceValue(func() result {
				g, err := analyze(pkgs, opts)
				return result{g, err}
			})
			analyses[k] = once
		}
		mu.Unlock()
		r := once()
		return r.g, r.err
	}
}

// runtruth runs the driver in process, in dir, as the command line
// "runtruth -C dir args..." would, and returns its output and exit status.
func runtruth(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if testing.Short() {
		t.Skip("loads and analyzes packages; skipped with -short")
	}
	var out, errOut bytes.Buffer
	code = run(append([]string{"-C", dir}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// copyDemo copies testdata/demo into a temporary directory and points its
// replace directive at this repository. Runs in the copy share their
// loads until the test calls edited.
func copyDemo(t *testing.T) string {
	dir := demotest.Copy(t, "../..")
	share(dir)
	return dir
}

func readLines(t *testing.T, path string) []string { return demotest.ReadLines(t, path) }

func lines(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
