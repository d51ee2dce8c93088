package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/runtruth/runtruth/internal/demotest"
	"github.com/runtruth/runtruth/passes/config"
)

// TestMain runs the tests with the driver in process. The driver runs go
// vet, which runs a runtruth binary as its tool once per package: the
// binary is built once (vetTool), and go vet's cache shares the analyses
// of unchanged packages between the tests.
func TestMain(m *testing.M) {
	toolPath = vetTool
	runGo = runGoOnce
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
	primeCache(t)
	cmd := exec.Command("go", append([]string{"vet", "-vettool=" + tool}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet -vettool: %v\n%s", err, out)
	}
	return out
}

// primed compiles the demo's dependencies and analyzes the demo once,
// before the tests that run in parallel go vet over the demo or a copy of
// it: each go vet compiles what the build cache does not hold, and
// several at once, on an empty cache, would each compile the same
// dependencies.
var primed = sync.OnceValue(func() string {
	var out bytes.Buffer
	if code := run([]string{"-C", demo, "./..."}, io.Discard, &out); code != exitFindings {
		return fmt.Sprintf("runtruth on the demo: exit status %d\n%s", code, out.String())
	}
	return ""
})

// primeCache runs the demo once (primed) and fails t if that failed.
func primeCache(t *testing.T) {
	t.Helper()
	if msg := primed(); msg != "" {
		t.Fatal(msg)
	}
}

// goRun is the outcome of a go command that runGoOnce ran.
type goRun struct {
	once           sync.Once
	stdout, stderr []byte
	err            error
}

// goRuns holds runGoOnce's outcomes by command.
var goRuns sync.Map // string → *goRun

// runGoOnce runs each go command once per state of the module it runs in,
// and replays its output and exit status to the tests that run it again
// on the same files (go vet would replay its cache for them): the demo,
// which no test changes, is analyzed once under each configuration and
// set of flags, not once per test, and so is a test's copy between two
// edits. A command with a configuration file named in its environment (a
// file outside the module that a test may edit), or outside a module,
// runs every time.
func runGoOnce(cmd *exec.Cmd) error {
	key := strings.Join(cmd.Args, "\x00")
	for _, kv := range cmd.Env {
		if strings.HasPrefix(kv, config.EnvVar+"=") {
			return cmd.Run()
		}
		if strings.HasPrefix(kv, "RUNTRUTH_") {
			key += "\x00" + kv
		}
	}
	state, err := moduleState(cmd.Dir)
	if err != nil || state == "" {
		return cmd.Run()
	}
	key += "\x00" + cmd.Dir + "\x00" + state
	v, _ := goRuns.LoadOrStore(key, new(goRun))
	r := v.(*goRun)
	r.once.Do(func() {
		var stdout, stderr bytes.Buffer
		c := exec.Command(cmd.Path, cmd.Args[1:]...)
		c.Dir, c.Env = cmd.Dir, cmd.Env
		c.Stdout, c.Stderr = &stdout, &stderr
		r.err = c.Run()
		r.stdout, r.stderr = stdout.Bytes(), stderr.Bytes()
	})
	for _, out := range []struct {
		w    io.Writer
		data []byte
	}{{cmd.Stdout, r.stdout}, {cmd.Stderr, r.stderr}} {
		if out.w == nil {
			continue
		}
		if _, err := out.w.Write(out.data); err != nil {
			return err
		}
	}
	return r.err
}

// moduleState returns a hash of the names and contents of the files of
// the module that dir is in (its .git directory aside), or "" when dir is
// in no module.
func moduleState(dir string) (string, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", nil
		}
		root = parent
	}
	h := sha256.New()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
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
	primeCache(t)
	var out, errOut bytes.Buffer
	code = run(append([]string{"-C", dir}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// copyDemo copies testdata/demo into a temporary directory and points its
// replace directive at this repository.
func copyDemo(t *testing.T) string { return demotest.Copy(t, "../..") }

// tinyConfig guards the status of the tiny module's job (tinyModule).
const tinyConfig = `runs:
  - type: example.com/tiny/jobs.Job
    fields: [Status]
`

// tinyModule writes a module with no dependencies, and the configuration
// config, into a temporary directory and returns it. Its package admin
// has a directwrite finding on line 7, and two directives findings (an
// allow without a reason, which suppresses nothing, and one on a line with
// no finding). Tests of the driver's configuration and flags use it: each
// configuration or set of flags is a new identity of the tool for go vet,
// which then analyzes every package again, the standard library's too,
// and this module has none of those.
func tinyModule(t *testing.T, config string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":        "module example.com/tiny\n\ngo 1.22\n",
		".runtruth.yml": config,
		"jobs/jobs.go":  "// Package jobs declares a job whose status its own package writes.\npackage jobs\n\ntype Job struct{ Status string }\n",
		"admin/admin.go": `package admin

import "example.com/tiny/jobs"

// Reset writes the guarded status outside its owner.
func Reset(j *jobs.Job) {
	j.Status = "queued"
}

// Backfill allows its write with no reason, which allows nothing.
func Backfill(j *jobs.Job) {
	j.Status = "done" //runtruth:allow directwrite
}

// Describe allows a read, which needs no allow.
func Describe(j jobs.Job) string {
	return j.Status //runtruth:allow directwrite reads need no allow
}
`,
	})
	return dir
}

// writeFiles writes files, by path relative to dir, into dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		file := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readLines(t *testing.T, path string) []string { return demotest.ReadLines(t, path) }

func lines(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
