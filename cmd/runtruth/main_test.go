package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/runtruth/runtruth/internal/demotest"
)

// TestMain runs the tests with the driver in process. The driver runs go
// vet, which runs a runtruth binary as its tool once per package: the
// binary is built once (vetTool), and go vet's cache shares the analyses
// of unchanged packages between the tests.
func TestMain(m *testing.M) {
	toolPath = vetTool
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
	return dir
}()

// runtruth runs the driver in process, in dir, as the command line
// "runtruth -C dir args..." would, and returns its output and exit status.
func runtruth(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs go vet; skipped with -short")
	}
	var out, errOut bytes.Buffer
	code = run(append([]string{"-C", dir}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// copyDemo copies testdata/demo into a temporary directory and points its
// replace directive at this repository.
func copyDemo(t *testing.T) string { return demotest.Copy(t, "../..") }

func readLines(t *testing.T, path string) []string { return demotest.ReadLines(t, path) }

func lines(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
