package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func TestFormatJSONIsVetJSON(t *testing.T) {
	t.Parallel()
	dir := demo
	legacy, _, code1 := runtruth(t, dir, "-json", "./...")
	format, _, code2 := runtruth(t, dir, "-format", "json", "./...")
	if code1 != 1 || code2 != 1 {
		t.Fatalf("exit statuses %d and %d, want 1", code1, code2)
	}
	if legacy != format {
		t.Errorf("-json and -format json differ\n-json:\n%s\n-format json:\n%s", legacy, format)
	}
}

func TestGitHubAnnotations(t *testing.T) {
	t.Parallel()
	dir := demo
	out, _, code := runtruth(t, dir, "-format", "github", "./...")
	if code != 1 {
		t.Fatalf("exit status %d, want 1", code)
	}
	text, _, _ := runtruth(t, dir, "./...")
	want := parseText(t, text)
	got := lines(out)
	if len(got) != len(want) {
		t.Fatalf("%d annotations, want %d:\n%s", len(got), len(want), out)
	}
	re := regexp.MustCompile(`^::error file=([^,:]+),line=(\d+),col=(\d+)(?:,endLine=\d+,endColumn=\d+)?,title=runtruth/([a-z]+)::(.+)$`)
	for i, l := range got {
		m := re.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("bad annotation %q", l)
			continue
		}
		w := want[i]
		if !strings.HasSuffix(m[1], w.file) || m[2] != strconv.Itoa(w.line) || m[3] != strconv.Itoa(w.col) || m[4] != w.check ||
			m[5] != strings.NewReplacer("%", "%25").Replace(w.message) {
			t.Errorf("annotation %q, want %s:%d:%d %s %q", l, w.file, w.line, w.col, w.check, w.message)
		}
	}
}

// refactor edits the Go files of dir that hold findings without changing
// what they mean: in each, it moves the first function that holds a
// finding to the end of the file (or, when it is the last declaration,
// above the others) and inserts a new function above the findings. It
// returns the number of functions moved.
func refactor(t *testing.T, dir string, findings []textFinding) int {
	t.Helper()
	byFile := map[string][]int{}
	for _, f := range findings {
		byFile[f.file] = append(byFile[f.file], f.line)
	}
	var files []string
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	moved := 0
	for i, name := range files {
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		off := func(p token.Pos) int { return fset.Position(p).Offset }
		// Where new code goes: after the imports, else the package clause.
		top := off(f.Name.End())
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				top = off(g.End())
			}
		}
		helper := fmt.Sprintf("\n\n// refactorHelper%d is unrelated code inserted above the findings.\nfunc refactorHelper%d() int {\n\treturn %d\n}\n", i, i, i)

		// The first function that holds a finding, with its doc comment.
		var start, end int
		last := false
		for j, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			s := fd.Pos()
			if fd.Doc != nil {
				s = fd.Doc.Pos()
			}
			from, to := fset.Position(s).Line, fset.Position(fd.End()).Line
			if slices.ContainsFunc(byFile[name], func(l int) bool { return from <= l && l <= to }) {
				start, end, last = off(s), off(fd.End()), j == len(f.Decls)-1
				break
			}
		}
		var out []byte
		switch {
		case end == 0: // no function holds a finding: insert only
			out = append(out, src[:top]...)
			out = append(out, helper...)
			out = append(out, src[top:]...)
		case last: // move it up, above the helper
			fn := string(src[start:end])
			out = append(out, src[:top]...)
			out = append(out, "\n\n"+fn+"\n"...)
			out = append(out, helper...)
			out = append(out, src[top:start]...)
			out = append(out, src[end:]...)
			moved++
		default: // move it to the end
			fn := string(src[start:end])
			out = append(out, src[:top]...)
			out = append(out, helper...)
			out = append(out, src[top:start]...)
			out = append(out, src[end:]...)
			out = append(out, "\n"+fn+"\n"...)
			moved++
		}
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return moved
}

func TestBaselineSurvivesRefactor(t *testing.T) {
	t.Parallel()
	dir := copyDemo(t)
	base := filepath.Join(t.TempDir(), "baseline.json")

	// Fingerprints do not depend on where the module is: the baseline is
	// written on the demo and applied to an edited copy. The packages
	// are those of the demo's findings that reach no provider, which
	// load quickest.
	pkgs := []string{"./internal/admin", "./internal/notify", "./internal/reports", "./internal/tracking"}
	before, _, _ := runtruth(t, demo, pkgs...)
	findings := parseText(t, before)
	if len(findings) == 0 {
		t.Fatal("no findings in the demo")
	}
	if _, stderr, code := runtruth(t, demo, append([]string{"-write-baseline", base}, pkgs...)...); code != 0 {
		t.Fatalf("-write-baseline: exit status %d\n%s", code, stderr)
	}
	written := readBaselineFile(t, base)
	if len(written) != len(findings) {
		t.Fatalf("baseline has %d entries, want %d", len(written), len(findings))
	}
	if out, stderr, code := runtruth(t, demo, append([]string{"-baseline", base}, pkgs...)...); code != 0 || out != "" {
		t.Fatalf("-baseline right after -write-baseline: exit status %d\n%s%s", code, out, stderr)
	}

	// Move functions and insert lines above the findings.
	moved := refactor(t, dir, findings)
	after, _, _ := runtruth(t, dir, pkgs...)
	refactored := parseText(t, after)
	shifted := 0
	for i := range refactored {
		if i < len(findings) && refactored[i].file == findings[i].file && refactored[i].line != findings[i].line {
			shifted++
		}
	}
	if len(refactored) != len(findings) || moved == 0 || shifted == 0 {
		t.Fatalf("the refactoring changed the findings (%d, want %d) or moved nothing (%d functions moved, %d findings shifted)\nbefore:\n%s\nafter:\n%s",
			len(refactored), len(findings), moved, shifted, before, after)
	}
	out, stderr, code := runtruth(t, dir, append([]string{"-baseline", base}, pkgs...)...)
	if code != 0 || out != "" {
		t.Fatalf("after the refactoring: exit status %d, findings not in the baseline:\n%s%s", code, out, stderr)
	}
	summary := fmt.Sprintf("accepted %d findings; 0 new; 0 baseline entries no longer match", len(findings))
	if !strings.Contains(stderr, summary) {
		t.Errorf("stderr does not say %q:\n%s", summary, stderr)
	}
	t.Logf("%d of %d fingerprints survived moving %d functions and inserting lines above the findings of %d files (%d findings changed line)",
		len(findings), len(written), moved, len(filesOf(findings)), shifted)

	// Fix one finding, add another one.
	fixed, added := pickFixAndAdd(t, dir, refactored)
	out, stderr, code = runtruth(t, dir, append([]string{"-baseline", base}, pkgs...)...)
	got := parseText(t, out)
	if code != 1 || len(got) != 1 || got[0].file != added.file || got[0].line != added.line+1 || got[0].message != added.message {
		t.Fatalf("after fixing %v and duplicating %v: exit status %d, new findings:\n%s%s", fixed, added, code, out, stderr)
	}
	if !strings.Contains(stderr, "1 new; 1 baseline entries no longer match") {
		t.Errorf("stderr does not count 1 new finding and 1 stale entry:\n%s", stderr)
	}

	// The next baseline drops the fixed finding and records the new one.
	next := filepath.Join(t.TempDir(), "next.json")
	if _, stderr, code := runtruth(t, dir, append([]string{"-baseline", base, "-write-baseline", next}, pkgs...)...); code != 0 ||
		!strings.Contains(stderr, "1 entries of baseline "+base+" no longer match") {
		t.Fatalf("-write-baseline: exit status %d\n%s", code, stderr)
	}
	rewritten := readBaselineFile(t, next)
	if len(rewritten) != len(written) {
		t.Errorf("rewritten baseline has %d entries, want %d", len(rewritten), len(written))
	}
	gone, kept := 0, 0
	for fp := range written {
		if rewritten[fp] {
			kept++
		} else {
			gone++
		}
	}
	if gone != 1 || kept != len(written)-1 {
		t.Errorf("rewritten baseline kept %d and dropped %d of %d entries; want to drop exactly the fixed finding", kept, gone, len(written))
	}
}

func filesOf(fs []textFinding) map[string]bool {
	m := map[string]bool{}
	for _, f := range fs {
		m[f.file] = true
	}
	return m
}

func readBaselineFile(t *testing.T, path string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Version  int `json:"runtruth_baseline"`
		Findings []struct {
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b.Version != 1 {
		t.Fatalf("%s: version %d", path, b.Version)
	}
	fps := map[string]bool{}
	for _, f := range b.Findings {
		fps[f.Fingerprint] = true
	}
	return fps
}

var simpleAssign = regexp.MustCompile(`^\s*[A-Za-z_][\w.]*(\[\w+\])?(\.\w+)*\s*=\s*[\w."]+\s*$`)

// pickFixAndAdd fixes one finding, alone on its line, with an allow
// directive and duplicates the line of another, a plain assignment, so
// that it is reported twice. It returns both.
func pickFixAndAdd(t *testing.T, dir string, findings []textFinding) (fixed, added textFinding) {
	t.Helper()
	perLine := map[string]int{}
	for _, f := range findings {
		perLine[fmt.Sprintf("%s:%d", f.file, f.line)]++
	}
	var haveFix, haveAdd bool
	for _, f := range findings {
		src := readLines(t, filepath.Join(dir, f.file))
		text := src[f.line-1]
		if strings.Contains(text, "//") || perLine[fmt.Sprintf("%s:%d", f.file, f.line)] != 1 {
			continue
		}
		switch {
		case !haveAdd && f.check == "directwrite" && simpleAssign.MatchString(text):
			added, haveAdd = f, true
		case !haveFix && f.check != "directives" && (haveAdd && f.file != added.file || !haveAdd):
			fixed, haveFix = f, true
		}
	}
	if !haveFix || !haveAdd {
		t.Fatalf("no finding to fix (%v) or to duplicate (%v) in the demo", haveFix, haveAdd)
	}
	edit := func(f textFinding, change func([]string) []string) {
		path := filepath.Join(dir, f.file)
		src := change(readLines(t, path))
		if err := os.WriteFile(path, []byte(strings.Join(src, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit(fixed, func(src []string) []string {
		src[fixed.line-1] += " //runtruth:allow " + fixed.check + " accepted by the baseline test"
		return src
	})
	edit(added, func(src []string) []string {
		return slices.Insert(src, added.line, src[added.line-1])
	})
	return fixed, added
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=runtruth test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// demoRepo returns a copy of the demo committed to a new git repository;
// the test is skipped without git.
func demoRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	dir := copyDemo(t)
	gitIn(t, dir, "init", "-q")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "demo")
	return dir
}

func TestNewFromRev(t *testing.T) {
	t.Parallel()
	dir := demoRepo(t)

	all, _, _ := runtruth(t, dir, "./internal/admin")
	findings := parseText(t, all)
	if out, stderr, code := runtruth(t, dir, "-new-from-rev", "HEAD", "./internal/admin"); code != 0 || out != "" {
		t.Fatalf("no changes since HEAD: exit status %d\n%s%s", code, out, stderr)
	}

	// A changed line with a new finding, an edit that moves the other
	// findings of its file down, and an untracked file.
	var dup textFinding
	for _, f := range findings {
		text := readLines(t, filepath.Join(dir, f.file))[f.line-1]
		if f.check == "directwrite" && simpleAssign.MatchString(text) {
			dup = f
			break
		}
	}
	if dup.file == "" {
		t.Fatal("no plain assignment to duplicate in the demo")
	}
	path := filepath.Join(dir, dup.file)
	src := readLines(t, path)
	src = slices.Insert(src, dup.line, src[dup.line-1])
	src = slices.Insert(src, 1, "", "// Edited above the findings by the test.")
	if err := os.WriteFile(path, []byte(strings.Join(src, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(dir, "internal", "admin", "extra.go")
	if err := os.MkdirAll(filepath.Dir(extra), 0o755); err != nil {
		t.Fatal(err)
	}
	const extraSrc = `package admin

import "github.com/runtruth/runtruth/oprun"

// Force is new, untracked code.
func Force(run *oprun.Run) {
	run.Status = oprun.StatusCompleted
}
`
	if err := os.WriteFile(extra, []byte(extraSrc), 0o644); err != nil {
		t.Fatal(err)
	}

	out, stderr, code := runtruth(t, dir, "-new-from-rev", "HEAD", "./internal/admin")
	got := parseText(t, out)
	if code != 1 || len(got) != 2 {
		t.Fatalf("exit status %d, findings:\n%s%s\nwant one of the duplicated lines %s:%d-%d and internal/admin/extra.go:7", code, out, stderr, dup.file, dup.line+2, dup.line+3)
	}
	var sawExtra, sawDup bool
	for _, f := range got {
		switch {
		case f.file == filepath.Join("internal", "admin", "extra.go") && f.line == 7 && f.check == "directwrite":
			sawExtra = true
		// The original line moved down by 2; git diff shows one of the
		// two identical lines as added.
		case f.file == dup.file && (f.line == dup.line+2 || f.line == dup.line+3) && f.message == dup.message:
			sawDup = true
		}
	}
	if !sawExtra || !sawDup {
		t.Errorf("findings on changed lines:\n%s\nwant internal/admin/extra.go:7 and one of %s:%d-%d", out, dup.file, dup.line+2, dup.line+3)
	}
	if !strings.Contains(stderr, "2 of ") {
		t.Errorf("stderr does not count the findings on changed lines:\n%s", stderr)
	}

	// The baseline and -new-from-rev together.
	base := filepath.Join(t.TempDir(), "b.json")
	runtruth(t, dir, "-write-baseline", base, "./internal/admin")
	if out, stderr, code := runtruth(t, dir, "-baseline", base, "-new-from-rev", "HEAD", "./internal/admin"); code != 0 || out != "" {
		t.Errorf("-baseline with -new-from-rev: exit status %d\n%s%s", code, out, stderr)
	}
	if _, stderr, code := runtruth(t, dir, "-new-from-rev", "no-such-rev", "./internal/admin"); code != 2 || !strings.Contains(stderr, "no-such-rev") {
		t.Errorf("bad revision: exit status %d, want 2\n%s", code, stderr)
	}
}

// TestSeveralOutputs: one run writes SARIF to a file and annotations to
// the standard output, with the same findings as two runs.
func TestSeveralOutputs(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "runtruth.sarif")
	out, stderr, code := runtruth(t, demo, "-format", "sarif="+file+",github", "./internal/admin")
	if code != exitFindings {
		t.Fatalf("exit status %d, want %d\n%s", code, exitFindings, stderr)
	}
	github, _, _ := runtruth(t, demo, "-format", "github", "./internal/admin")
	sarif, _, _ := runtruth(t, demo, "-format", "sarif", "./internal/admin")
	if out != github {
		t.Errorf("standard output is not the github output\ngot:\n%s\nwant:\n%s", out, github)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != sarif {
		t.Errorf("%s is not the sarif output\ngot:\n%s\nwant:\n%s", file, data, sarif)
	}
}
