package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/runtruth/runtruth/analyzers"
)

var update = flag.Bool("update", false, "rewrite testdata/demo/findings.golden")

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

// TestDemoGolden: testdata/demo/findings.golden, which the README shows
// as the demo's output, is exactly what runtruth prints there.
func TestDemoGolden(t *testing.T) {
	t.Parallel()
	out, stderr, code := runtruth(t, demo, "./...")
	if code != exitFindings {
		t.Fatalf("exit status %d, want %d\n%s", code, exitFindings, stderr)
	}
	golden := filepath.Join(demo, "findings.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/runtruth -run DemoGolden -update to write it)", err)
	}
	if string(want) != out {
		t.Errorf("the output on the demo changed; if that is intended, run go test ./cmd/runtruth -run DemoGolden -update\ngot:\n%s\nwant:\n%s", out, want)
	}
}

// TestDemoStandaloneAndVetAgree: go vet -vettool=runtruth finds what the
// standalone driver finds.
func TestDemoStandaloneAndVetAgree(t *testing.T) {
	t.Parallel()
	sout, serr, code := runtruth(t, demo, "-json", "./...")
	if code != exitFindings {
		t.Fatalf("runtruth -json: exit status %d\n%s", code, serr)
	}
	vout := goVet(t, demo, "-json", "./...")

	got := decodeFindings(t, []byte(sout), demo)
	viaVet := decodeFindings(t, vout, demo)
	if len(got) == 0 {
		t.Fatal("runtruth found nothing in the demo, which holds a violation of every check")
	}
	if strings.Join(got, "\n") != strings.Join(viaVet, "\n") {
		t.Errorf("standalone and go vet disagree\nstandalone:\n%s\n\ngo vet:\n%s", strings.Join(got, "\n"), strings.Join(viaVet, "\n"))
	}
}

func TestExitStatus(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	badConfig := filepath.Join(tmp, "bad.yml")
	if err := os.WriteFile(badConfig, []byte("runs:\n  - type: example.com/x.T\n    feilds: [Status]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A run type in a package that does not exist (a misspelled module
	// path), and one in a package outside the loaded patterns, which is
	// fine.
	missing := filepath.Join(tmp, "missing.yml")
	if err := os.WriteFile(missing, []byte("render:\n  funcs: [example.com/backupsvc/internal/web.UsersPage.Render]\nruns:\n  - type: example.com/backupsvc/internal/nosuch.Job\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"findings", []string{"./internal/admin"}, 1, ""},
		{"configured package that does not exist", []string{"-config", missing, "./internal/gen/models"}, 2, "missing.yml:4: package example.com/backupsvc/internal/nosuch does not exist"},
		{"configured package outside the patterns", []string{"-settings", "render: {funcs: [example.com/backupsvc/internal/web.UsersPage.Render]}", "./internal/gen/models"}, 0, ""},
		{"clean", []string{"./internal/gen/models"}, 0, ""},
		{"no packages", nil, 2, "no packages given"},
		{"help lists each check's summary", []string{"-help"}, 0, "\tdirectwrite     a run's status and outcome are written only by its owner\n\tsummarykeys"},
		{"unknown flag", []string{"-nosuchflag", "./..."}, 2, "flag provided but not defined"},
		{"bad config key", []string{"-config", badConfig, "./..."}, 2, `bad.yml:3: unknown key "feilds"`},
		{"bad settings", []string{"-settings", "include-tests: maybe", "./..."}, 2, "-settings"},
		{"load failure", []string{"./nosuchpackage"}, 3, ""},
		{"unknown format", []string{"-format", "xml", "./..."}, 2, `unknown -format "xml"`},
		{"json and sarif", []string{"-json", "-format", "sarif", "./..."}, 2, "-json conflicts with -format sarif"},
		{"missing baseline", []string{"-baseline", filepath.Join(tmp, "missing.json"), "./..."}, 2, "reading baseline"},
		{"bad baseline", []string{"-baseline", badConfig, "./..."}, 2, "baseline"},
		{"bad revision", []string{"-new-from-rev", "no-such-revision", "./..."}, 2, "-new-from-rev"},
		{"sarif findings", []string{"-format", "sarif", "./internal/admin"}, 1, ""},
		{"github clean", []string{"-format", "github", "./internal/gen/models"}, 0, ""},
		{"missing -C directory", []string{"-C", filepath.Join(tmp, "nosuchdir"), "./..."}, 2, "nosuchdir: no such directory"},
		{"-C on a file", []string{"-C", badConfig, "./..."}, 2, "bad.yml: not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, stderr, code := runtruth(t, demo, tc.args...)
			if code != tc.code {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr does not mention %q:\n%s", tc.stderr, stderr)
			}
		})
	}
}

// TestTypeErrorKeepsOtherFindings: a package that fails to type-check is
// exit status 3, but every other package's findings are still printed, in
// every format, so that a CI upload never gets an empty report.
func TestTypeErrorKeepsOtherFindings(t *testing.T) {
	t.Parallel()
	dir := copyDemo(t)
	bad := filepath.Join(dir, "internal", "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "bad.go"), []byte("package bad\n\nfunc F() int { return \"x\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "sarif", "github", "json"} {
		stdout, stderr, code := runtruth(t, dir, "-format", format, "./internal/admin", "./internal/bad")
		if code != exitLoad {
			t.Errorf("-format %s: exit status %d, want %d\n%s", format, code, exitLoad, stderr)
		}
		if !strings.Contains(stdout, "internal/admin/admin.go") {
			t.Errorf("-format %s: the other packages' findings are missing:\n%s", format, stdout)
		}
		if !strings.Contains(stderr, "bad.go") {
			t.Errorf("-format %s: the type error is not reported on stderr:\n%s", format, stderr)
		}
		if strings.Contains(stderr, dir) {
			t.Errorf("-format %s: stderr names absolute paths; want them relative, as the findings:\n%s", format, stderr)
		}
		if strings.Contains(stderr, "prerequisites") || strings.Contains(stderr, "runtruthtaint") {
			t.Errorf("-format %s: stderr names internal passes beside the type error:\n%s", format, stderr)
		}
	}
}

// TestNestedConfig: a second .runtruth.yml inside a module is a
// configuration error (exit status 2), not a second configuration.
func TestNestedConfig(t *testing.T) {
	t.Parallel()
	dir := copyDemo(t)
	nested := filepath.Join(dir, "internal", "tracking", ".runtruth.yml")
	if err := os.WriteFile(nested, []byte("include-tests: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runtruth(t, dir, "./internal/tracking")
	if code != exitUsage || !strings.Contains(stderr, nested+": a module has one configuration, next to its go.mod") {
		t.Errorf("exit status %d, want %d and the nested file named\n%s", code, exitUsage, stderr)
	}
}

// TestConfigBeforeLoad: a bad configuration file found from the working
// directory is reported before any package is loaded, so even a pattern
// that loads nothing reports it, and nothing else.
func TestConfigBeforeLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":        "module example.com/m\n\ngo 1.22\n",
		".runtruth.yml": "runs:\n  - type: example.com/m.Job\n    feilds: [Status]\n",
	})
	_, stderr, code := runtruth(t, dir, "./nosuch/...")
	want := filepath.Join(dir, ".runtruth.yml") + `:3: unknown key "feilds"`
	if code != exitUsage || !strings.Contains(stderr, want) || strings.Contains(stderr, "nosuch") {
		t.Errorf("exit status %d, want %d with only %q\n%s", code, exitUsage, want, stderr)
	}
}

func TestSplitPos(t *testing.T) {
	for pos, want := range map[string][2]string{
		"/a/b.go:3:4":   {"/a/b.go", ":3:4"},
		"/a/b.go:3":     {"/a/b.go", ":3"},
		"/a/b.go":       {"/a/b.go", ""},
		`C:\a\b.go:3:4`: {`C:\a\b.go`, ":3:4"},
		"-":             {"-", ""},
	} {
		if file, rest := splitPos(pos); file != want[0] || rest != want[1] {
			t.Errorf("splitPos(%q) = %q, %q; want %q, %q", pos, file, rest, want[0], want[1])
		}
	}
}

func TestVersionedPath(t *testing.T) {
	modules := map[string]bool{"github.com/argoproj/argo-workflows/v4": true, "example.com/plain": true}
	for path, want := range map[string]string{
		"github.com/argoproj/argo-workflows/pkg/apis": "github.com/argoproj/argo-workflows/v4/pkg/apis",
		"github.com/argoproj/argo-workflows":          "github.com/argoproj/argo-workflows/v4",
		"github.com/argoproj/argo-workflowsx/pkg":     "",
		"example.com/plain/x":                         "",
	} {
		if got := versionedPath(path, modules); got != want {
			t.Errorf("versionedPath(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestConfigEditReruns: go vet's cache, which the standalone driver runs
// on, keys on the configuration's content: editing the discovered file, or
// the file -config names, in place changes the findings of unchanged
// packages.
func TestConfigEditReruns(t *testing.T) {
	t.Parallel()
	dir := tinyModule(t, tinyConfig)
	const want = "admin/admin.go:7:2: direct write of guarded field jobs.Job.Status"
	other := filepath.Join(t.TempDir(), "other.yml")
	for _, tc := range []struct {
		name string
		file string
		args []string
	}{
		{"discovered", filepath.Join(dir, ".runtruth.yml"), nil},
		{"-config", other, []string{"-config", other}},
	} {
		// Every configuration is a new identity of the tool for go vet,
		// and a new analysis of every package: two steps each.
		steps := []struct {
			text  string
			found bool
		}{
			{tinyConfig, true},
			{"# nothing guarded\n", false},
		}
		if tc.name == "-config" {
			steps[0], steps[1] = steps[1], steps[0]
		}
		for _, step := range steps {
			if err := os.WriteFile(tc.file, []byte(step.text), 0o644); err != nil {
				t.Fatal(err)
			}
			out, stderr, code := runtruth(t, dir, append(tc.args, "./admin")...)
			if code != exitFindings {
				t.Fatalf("%s: exit status %d\n%s", tc.name, code, stderr)
			}
			if got := strings.Contains(out, want); got != step.found {
				t.Errorf("%s: with the configuration %q, finding %q reported: %v, want %v\n%s", tc.name, step.text, want, got, step.found, out)
			}
		}
	}
}

// TestDependencyAnalyzedFirst: a package that an earlier run analyzed as
// a dependency (internal/jobs, for cmd/backupsvc) still reports its
// findings when it is analyzed itself. go vet caches both runs under one
// key, and a run for facts only has no findings to replay (see
// envVetAll).
func TestDependencyAnalyzedFirst(t *testing.T) {
	t.Parallel()
	dir := copyDemo(t)
	// The program's own finding, none of its dependencies'.
	if out, stderr, code := runtruth(t, dir, "./cmd/backupsvc"); code != exitFindings || len(lines(out)) != 1 || !strings.HasPrefix(out, "cmd/backupsvc/main.go:") {
		t.Fatalf("./cmd/backupsvc: exit status %d, want %d and one finding in cmd/backupsvc\n%s%s", code, exitFindings, out, stderr)
	}
	out, stderr, code := runtruth(t, dir, "./internal/jobs")
	if code != exitFindings || !strings.Contains(out, "internal/jobs/backup.go:72:2: direct write of guarded field oprun.Run.Status") {
		t.Errorf("./internal/jobs after ./cmd/backupsvc: exit status %d, want %d and its findings\n%s%s", code, exitFindings, out, stderr)
	}
}

// TestFix: -fix applies the suggested fixes, says how many, and exits 0
// only when it fixed every finding it printed.
func TestFix(t *testing.T) {
	t.Parallel()
	dir := copyDemo(t)
	fixme := filepath.Join(dir, "internal", "fixme")
	if err := os.MkdirAll(fixme, 0o755); err != nil {
		t.Fatal(err)
	}
	src := `package fixme

import (
	"context"

	"github.com/runtruth/runtruth/oprun"
)

func Count(ctx context.Context, runs *oprun.Service, runID string) error {
	return runs.IncrementMany(ctx, runID, map[oprun.SummaryKey]int64{"items_procesed": 1})
}
`
	if err := os.WriteFile(filepath.Join(fixme, "fixme.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pkg, file string
		code      int
		stderr    string
	}{
		// The package's only finding has a fix.
		{"./internal/fixme", "internal/fixme/fixme.go", exitClean, "applied 1 suggested fix; 0 of 1 findings left"},
		// One of jobs' findings has a fix; the others stay.
		{"./internal/jobs", "internal/jobs/counts.go", exitFindings, "applied 1 suggested fix; 6 of 7 findings left"},
	} {
		out, stderr, code := runtruth(t, dir, "-fix", tc.pkg)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("-fix %s: exit status %d, want %d and %q\n%s%s", tc.pkg, code, tc.code, tc.stderr, out, stderr)
		}
		data, err := os.ReadFile(filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), `"items_processed"`) || strings.Contains(string(data), `"items_procesed"`) {
			t.Errorf("-fix %s: %s not fixed:\n%s", tc.pkg, tc.file, data)
		}
	}
	if out, stderr, code := runtruth(t, dir, "./internal/fixme"); code != exitClean {
		t.Errorf("after -fix: exit status %d, want %d\n%s%s", code, exitClean, out, stderr)
	}
}

// TestChecks: -checks chooses the checks that report; a check left out
// still runs for the directives check, whose report on allows stays the
// same.
func TestChecks(t *testing.T) {
	t.Parallel()
	count := func(out string) map[string]int {
		n := map[string]int{}
		for _, l := range lines(out) {
			n[l[strings.LastIndex(l, "(")+1:len(l)-1]]++
		}
		return n
	}
	dir := tinyModule(t, tinyConfig)
	all, _, _ := runtruth(t, dir, "./admin")
	want := count(all)
	if want["directwrite"] == 0 || want["directives"] == 0 {
		t.Fatalf("the admin package has no directwrite or directives findings:\n%s", all)
	}
	for _, tc := range []struct {
		spec string
		want map[string]int
	}{
		{"directwrite", map[string]int{"directwrite": want["directwrite"]}},
		{"all,-directives", map[string]int{"directwrite": want["directwrite"]}},
		{"-directwrite", map[string]int{"directives": want["directives"]}},
		{"all", want},
	} {
		out, stderr, code := runtruth(t, dir, "-checks", tc.spec, "./admin")
		if got := count(out); code != exitFindings || !maps.Equal(got, tc.want) {
			t.Errorf("-checks %s: exit status %d, findings by check %v, want %v\n%s%s", tc.spec, code, got, tc.want, out, stderr)
		}
	}
	none := "-directwrite,directwrite" // a selection that ends with every check left out
	for _, a := range analyzers.All() {
		none += ",-" + a.Name
	}
	for _, spec := range []string{"nosuch", none} {
		if _, stderr, code := runtruth(t, dir, "-checks", spec, "./admin"); code != exitUsage || !strings.Contains(stderr, "-checks") {
			t.Errorf("-checks %s: exit status %d, want %d\n%s", spec, code, exitUsage, stderr)
		}
	}
}

// TestConfigChecks: the configuration's checks: key leaves checks out
// under the standalone driver as under go vet (the shared pass drops their
// findings), and a misspelled check is an error with file and line.
func TestConfigChecks(t *testing.T) {
	t.Parallel()
	dir := tinyModule(t, tinyConfig+"checks: all,-directwrite\n")
	out, stderr, code := runtruth(t, dir, "./admin")
	if code != exitFindings || strings.Contains(out, "(directwrite)") || !strings.Contains(out, "(directives)") {
		t.Errorf("checks: all,-directwrite: exit status %d, want directives findings and no directwrite ones:\n%s%s", code, out, stderr)
	}
	vetOut := string(goVet(t, filepath.Join(dir, "admin"), "-json", "."))
	if strings.Contains(vetOut, `"directwrite"`) || !strings.Contains(vetOut, `"directives"`) {
		t.Errorf("go vet with checks: all,-directwrite:\n%s", vetOut)
	}

	if err := os.WriteFile(filepath.Join(dir, ".runtruth.yml"), []byte(tinyConfig+"checks: all,-dupetruht\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runtruth(t, dir, "./admin")
	if code != exitUsage || !strings.Contains(stderr, ".runtruth.yml:") || !strings.Contains(stderr, "did you mean dupetruth") {
		t.Errorf("checks: all,-dupetruht: exit status %d, want %d and a did-you-mean with file and line:\n%s", code, exitUsage, stderr)
	}
}

// TestToolID: -V=full, which go vet asks its tool for, names runtruth's
// version and ends with the hash that go vet keys its cache on.
func TestToolID(t *testing.T) {
	t.Parallel()
	tool, err := vetTool()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-V=full").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^runtruth version (devel|v\d)\S*( \S+)* buildID=[0-9a-f]{64}\n$`).Match(out) {
		t.Errorf("runtruth -V=full = %q, want runtruth version VERSION buildID=HASH", out)
	}
}

// TestLoadErrorKeepsOtherFindings: go vet analyzes nothing when one of
// its packages does not load (here: an import no module provides); the
// driver names that package, exits 3, and still reports every other
// package's findings.
func TestLoadErrorKeepsOtherFindings(t *testing.T) {
	t.Parallel()
	dir := copyDemo(t)
	broken := filepath.Join(dir, "internal", "broken")
	if err := os.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "broken.go"), []byte("package broken\n\nimport _ \"example.com/nosuchmodule/x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runtruth(t, dir, "./...")
	if code != exitLoad {
		t.Errorf("exit status %d, want %d\n%s", code, exitLoad, stderr)
	}
	if !strings.Contains(out, "internal/admin/admin.go:16:2:") || !strings.Contains(out, "internal/jobs/backup.go:72:2:") {
		t.Errorf("the other packages' findings are missing:\n%s", out)
	}
	if !strings.Contains(stderr, "example.com/backupsvc/internal/broken not analyzed: ") {
		t.Errorf("stderr does not name the package that does not load:\n%s", stderr)
	}
}

// TestVetConfigErrorOnce: under plain go vet, a configuration that does
// not load stops go vet once, with its error, instead of failing every
// package with "failed prerequisites".
func TestVetConfigErrorOnce(t *testing.T) {
	t.Parallel()
	dir, write := demoWithConfig(t)
	write("include-test: true\n")
	tool, err := vetTool()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "-vettool="+tool, "./...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet passed with a broken configuration:\n%s", out)
	}
	if n := strings.Count(string(out), `unknown key "include-test"`); n != 1 || strings.Contains(string(out), "failed prerequisites") {
		t.Errorf("go vet printed the configuration error %d times, want once and nothing else of the analyzers:\n%s", n, out)
	}

	// A check that the configuration names and the suite has not.
	write("checks: all,-dupetruht\n")
	cmd = exec.Command("go", "vet", "-vettool="+tool, "./...")
	cmd.Dir = dir
	out, err = cmd.CombinedOutput()
	if err == nil || strings.Count(string(out), "did you mean dupetruth?") != 1 {
		t.Errorf("go vet with checks: all,-dupetruht: %v, want the error once:\n%s", err, out)
	}
}

// TestVerbose: -v prints each package as the tool starts on it, and a
// summary; without -v, none of it reaches standard error.
func TestVerbose(t *testing.T) {
	t.Parallel()
	// A copy of its own: go vet keys a package on its directory, so no
	// package of the copy is in go vet's cache yet, and internal/admin is
	// analyzed and named.
	dir := copyDemo(t)
	_, stderr, code := runtruth(t, dir, "-v", "./internal/admin")
	if code != exitFindings {
		t.Fatalf("exit status %d, want %d\n%s", code, exitFindings, stderr)
	}
	if !regexp.MustCompile(`(?m)^runtruth: +\d+\.\ds example\.com/backupsvc/internal/admin$`).MatchString(stderr) ||
		!regexp.MustCompile(`(?m)^runtruth: analyzed \d+ packages, dependencies included, in \d+\.\ds`).MatchString(stderr) {
		t.Errorf("-v: no progress line for internal/admin or no summary:\n%s", stderr)
	}
	_, stderr, _ = runtruth(t, dir, "./...")
	if strings.Contains(stderr, progressKey) || strings.Contains(stderr, "analyzed") || strings.Contains(stderr, "# ") {
		t.Errorf("without -v, progress reached standard error:\n%s", stderr)
	}
}

// TestConfigNameInDependency: a misspelled name in a dependency's package
// (oprun, here) is a configuration error, not a dependency whose facts
// silently go missing.
func TestConfigNameInDependency(t *testing.T) {
	t.Parallel()
	dir, write := demoWithConfig(t)
	write("sanitizers: [github.com/runtruth/runtruth/oprun.Redactt]\n")
	_, stderr, code := runtruth(t, dir, "./internal/tracking")
	if code != exitUsage || !strings.Contains(stderr, "oprun.Redactt resolves to nothing in package github.com/runtruth/runtruth/oprun") {
		t.Errorf("exit status %d, want %d and the name's error:\n%s", code, exitUsage, stderr)
	}
}

// demoWithConfig copies the demo and returns the copy and a function that
// rewrites its .runtruth.yml as the demo's, with extra appended.
func demoWithConfig(t *testing.T) (dir string, write func(extra string)) {
	t.Helper()
	dir = copyDemo(t)
	cfgFile := filepath.Join(dir, ".runtruth.yml")
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		t.Fatal(err)
	}
	return dir, func(extra string) {
		t.Helper()
		if err := os.WriteFile(cfgFile, append(append([]byte{}, data...), extra...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestProgramsAnalyzedTogether: a program that starts runs and reconciles
// none is reported, unless another program analyzed with it reconciles
// them (a worker beside a web server); go vet, which sees one program at
// a time, reports it whatever the other programs do.
func TestProgramsAnalyzedTogether(t *testing.T) {
	t.Parallel()
	dir := copyDemo(t)
	worker := filepath.Join(dir, "cmd", "reconciler")
	if err := os.MkdirAll(worker, 0o755); err != nil {
		t.Fatal(err)
	}
	src := `// Command reconciler settles the stale runs of the backup service.
package main

import (
	"context"
	"log"
	"time"

	"github.com/runtruth/runtruth/oprun"
)

func main() {
	catalog, err := oprun.NewCatalog()
	if err != nil {
		log.Fatal(err)
	}
	runs, err := oprun.NewService(oprun.NewMemoryStore(), catalog)
	if err != nil {
		log.Fatal(err)
	}
	for range time.Tick(time.Minute) {
		if _, err := runs.ReconcileStale(context.Background()); err != nil {
			log.Print(err)
		}
	}
}
`
	if err := os.WriteFile(filepath.Join(worker, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	const finding = "cmd/backupsvc/main.go:15:6: program starts runs of oprun.Run"
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"./..."}, false},
		{[]string{"./cmd/backupsvc", "./cmd/reconciler"}, false},
		{[]string{"./cmd/backupsvc"}, true},
	} {
		out, stderr, _ := runtruth(t, dir, tc.args...)
		if got := strings.Contains(out, finding); got != tc.want {
			t.Errorf("runtruth %s: reports the unreconciled program: %t, want %t\n%s%s", strings.Join(tc.args, " "), got, tc.want, out, stderr)
		}
		if strings.Contains(out, "cmd/reconciler") || strings.Contains(out, "program reconciles") {
			t.Errorf("runtruth %s: reports the reconciling program or an observation\n%s", strings.Join(tc.args, " "), out)
		}
	}
	tool, err := vetTool()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "-vettool="+tool, "./...")
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "program starts runs of oprun.Run") || strings.Contains(string(out), "program reconciles") {
		t.Errorf("go vet ./...: want the unreconciled program reported, and no observation\n%s", out)
	}
}
