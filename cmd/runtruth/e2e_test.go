package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/demo/findings.golden")

// buildRuntruth builds the binary once per test binary run.
func buildRuntruth(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and runs go vet; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "runtruth")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func demoDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../testdata/demo")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// vetJSON is go vet's JSON schema: package → analyzer → diagnostics.
type vetJSON map[string]map[string]json.RawMessage

type vetDiag struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// decodeFindings reads a stream of go vet JSON objects (lines starting
// with '#' are package headers) into sorted "file:line:col: message (check)"
// lines with paths relative to dir.
func decodeFindings(t *testing.T, data []byte, dir string) []string {
	t.Helper()
	var buf bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "#") {
			buf.WriteString(sc.Text() + "\n")
		}
	}
	var lines []string
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var tree vetJSON
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("decoding JSON: %v\n%s", err, data)
		}
		for _, byCheck := range tree {
			for check, raw := range byCheck {
				var diags []vetDiag
				if err := json.Unmarshal(raw, &diags); err != nil {
					// An {"error": ...} entry.
					t.Fatalf("%s: %s", check, raw)
				}
				for _, d := range diags {
					posn := strings.TrimPrefix(d.Posn, dir+string(filepath.Separator))
					lines = append(lines, posn+": "+d.Message+" ("+check+")")
				}
			}
		}
	}
	sort.Strings(lines)
	return lines
}

func TestDemoStandaloneAndVetAgree(t *testing.T) {
	bin := buildRuntruth(t)
	dir := demoDir(t)

	standalone := exec.Command(bin, "-json", "./...")
	standalone.Dir = dir
	var sout, serr bytes.Buffer
	standalone.Stdout, standalone.Stderr = &sout, &serr
	if err := standalone.Run(); err != nil {
		// -json reports findings with exit status 1.
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("runtruth -json: %v\n%s", err, serr.String())
		}
	}

	vet := exec.Command("go", "vet", "-vettool="+bin, "-json", "./...")
	vet.Dir = dir
	var vout bytes.Buffer
	vet.Stdout, vet.Stderr = &vout, &vout
	if err := vet.Run(); err != nil {
		t.Fatalf("go vet -vettool: %v\n%s", err, vout.String())
	}

	got := decodeFindings(t, sout.Bytes(), dir)
	viaVet := decodeFindings(t, vout.Bytes(), dir)
	if len(got) == 0 {
		t.Fatal("runtruth found nothing in the demo, which holds a violation of every check")
	}
	if strings.Join(got, "\n") != strings.Join(viaVet, "\n") {
		t.Errorf("standalone and go vet disagree\nstandalone:\n%s\n\ngo vet:\n%s", strings.Join(got, "\n"), strings.Join(viaVet, "\n"))
	}

	golden := filepath.Join(dir, "findings.golden")
	text := strings.Join(got, "\n") + "\n"
	if *update {
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/runtruth -run Demo -update to write it)", err)
	}
	if string(want) != text {
		t.Errorf("findings on the demo changed; if that is intended, run go test ./cmd/runtruth -run Demo -update\ngot:\n%s\nwant:\n%s", text, want)
	}
}

func TestExitStatus(t *testing.T) {
	bin := buildRuntruth(t)
	dir := demoDir(t)
	tmp := t.TempDir()
	badConfig := filepath.Join(tmp, "bad.yml")
	if err := os.WriteFile(badConfig, []byte("runs:\n  - type: example.com/x.T\n    feilds: [Status]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"findings", []string{"./internal/jobs"}, 1, ""},
		{"clean", []string{"./internal/graph"}, 0, ""},
		{"no packages", nil, 2, "no packages given"},
		{"unknown flag", []string{"-nosuchflag", "./..."}, 2, "flag provided but not defined"},
		{"bad config key", []string{"-config", badConfig, "./..."}, 2, `bad.yml:3: unknown key "feilds"`},
		{"bad settings", []string{"-settings", "include-tests: maybe", "./..."}, 2, "-settings"},
		{"load failure", []string{"./nosuchpackage"}, 3, ""},
		{"unknown format", []string{"-format", "xml", "./..."}, 2, `unknown -format "xml"`},
		{"json and sarif", []string{"-json", "-format", "sarif", "./..."}, 2, "-json conflicts with -format sarif"},
		{"missing baseline", []string{"-baseline", filepath.Join(tmp, "missing.json"), "./..."}, 2, "reading baseline"},
		{"bad baseline", []string{"-baseline", badConfig, "./..."}, 2, "baseline"},
		{"bad revision", []string{"-new-from-rev", "no-such-revision", "./..."}, 2, "-new-from-rev"},
		{"sarif findings", []string{"-format", "sarif", "./internal/jobs"}, 1, ""},
		{"github clean", []string{"-format", "github", "./internal/graph"}, 0, ""},
		{"missing -C directory", []string{"-C", filepath.Join(tmp, "nosuchdir"), "./..."}, 2, "nosuchdir: no such directory"},
		{"-C on a file", []string{"-C", badConfig, "./..."}, 2, "bad.yml: not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Dir = dir
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr does not mention %q:\n%s", tc.stderr, stderr.String())
			}
		})
	}
}

// TestRepositoryIsClean runs runtruth on its own module: oprun and the
// drivers must follow the rules they enforce.
func TestRepositoryIsClean(t *testing.T) {
	bin := buildRuntruth(t)
	cmd := exec.Command(bin, "./...")
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("runtruth ./... on this repository: %v\n%s", err, out)
	}
}

// TestTypeErrorKeepsOtherFindings: a package that fails to type-check is
// exit status 3, but every other package's findings are still printed, in
// every format, so that a CI upload never gets an empty report.
func TestTypeErrorKeepsOtherFindings(t *testing.T) {
	bin := buildRuntruth(t)
	dir := copyDemo(t)
	bad := filepath.Join(dir, "internal", "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "bad.go"), []byte("package bad\n\nfunc F() int { return \"x\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "sarif", "github", "json"} {
		cmd := exec.Command(bin, "-format", format, "./...")
		cmd.Dir = dir
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 3 {
			t.Errorf("-format %s: %v, want exit status 3\n%s", format, err, stderr.String())
		}
		if !strings.Contains(stdout.String(), "internal/jobs/backup.go") {
			t.Errorf("-format %s: the other packages' findings are missing:\n%s", format, stdout.String())
		}
		if !strings.Contains(stderr.String(), "bad.go") {
			t.Errorf("-format %s: the type error is not reported on stderr:\n%s", format, stderr.String())
		}
	}
}
