package main

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/internal/checkdoc"
)

func TestOutputFormat(t *testing.T) {
	for _, tc := range []struct {
		json    bool
		format  string
		want    []outputSpec
		wantErr string
	}{
		{false, "", []outputSpec{{formatText, ""}}, ""},
		{true, "", []outputSpec{{formatJSON, ""}}, ""},
		{true, "json", []outputSpec{{formatJSON, ""}}, ""},
		{false, "sarif", []outputSpec{{formatSARIF, ""}}, ""},
		{false, "github", []outputSpec{{formatGitHub, ""}}, ""},
		{false, "sarif=out/r.sarif,github", []outputSpec{{formatSARIF, "out/r.sarif"}, {formatGitHub, ""}}, ""},
		{false, "json=a.json, sarif=b.sarif", []outputSpec{{formatJSON, "a.json"}, {formatSARIF, "b.sarif"}}, ""},
		{true, "sarif", nil, "-json conflicts with -format sarif"},
		{false, "xml", nil, `unknown -format "xml"`},
		{false, "sarif=x.sarif,xml=y", nil, `unknown -format "xml"`},
		{false, "text,github", nil, "more than one output to the standard output"},
	} {
		got, err := outputFormats(options{json: tc.json, format: tc.format})
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("-json=%v -format=%q: error %v, want %q", tc.json, tc.format, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("-json=%v -format=%q = %v, %v; want %v", tc.json, tc.format, got, err, tc.want)
		}
	}
}

func TestEscapeWorkflowCommand(t *testing.T) {
	if got, want := escapeData("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
	if got, want := escapeProperty("C:\\a,b%\n"), "C%3A\\a%2Cb%25%0A"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
}

func TestNormalizeMessage(t *testing.T) {
	for in, want := range map[string]string{
		"set at x.go:12:3 and y.go:9":           "set at x.go and y.go",
		"allow on line 14 suppresses  nothing":  "allow on line N suppresses nothing",
		"field   Status\tset":                   "field Status set",
		"a pipeline12 value":                    "a pipeline12 value",
		"unregistered summary key \"items_42\"": "unregistered summary key \"items_42\"",
	} {
		if got := normalizeMessage(in); got != want {
			t.Errorf("normalizeMessage(%q) = %q, want %q", in, got, want)
		}
	}
}

const declSrc = `// Package p is a test.
package p

import "fmt"

// T is a type.
type T struct{ A int }

type (
	// U is grouped.
	U int
	V int
)

var x, y = 1, 2

// M is a method.
func (t *T) M() { fmt.Println(t.A) }

func (s S[K, V]) N() {}

type S[K comparable, V any] map[K]V

func F() {
	_ = 1
}
`

func TestEnclosingDecl(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", declSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	at := func(substr string) token.Pos {
		i := strings.Index(declSrc, substr)
		if i < 0 {
			t.Fatalf("no %q in the source", substr)
		}
		return fset.File(f.Pos()).Pos(i)
	}
	for substr, want := range map[string]string{
		"Package p":    "",
		"\"fmt\"":      "import",
		"T is a type":  "type T",
		"A int":        "type T",
		"U is grouped": "type U",
		"V int":        "type V",
		"x, y":         "var x, y",
		"M is a":       "func T.M",
		"t.A)":         "func T.M",
		"N() {}":       "func S.N",
		"_ = 1":        "func F",
	} {
		if got := enclosingDecl(f, at(substr)); got != want {
			t.Errorf("enclosingDecl at %q = %q, want %q", substr, got, want)
		}
	}
}

func TestFingerprints(t *testing.T) {
	pkg := &vetPkg{PkgPath: "example.com/p"}
	mk := func(file string, line int, decl, msg string) finding {
		return finding{check: "directwrite", pkg: pkg, file: file, line: line, decl: decl, diag: analysis.Diagnostic{Message: msg}}
	}
	a := []finding{
		mk("/a/p/x.go", 10, "func F", "write of Status"),
		mk("/a/p/x.go", 12, "func F", "write of Status"),
		mk("/a/p/x.go", 20, "func G", "write of Status"),
	}
	// The same code moved down by 100 lines, in another checkout.
	b := []finding{
		mk("/b/p/x.go", 110, "func F", "write of Status"),
		mk("/b/p/x.go", 112, "func F", "write of Status"),
		mk("/b/p/x.go", 120, "func G", "write of Status"),
	}
	fingerprintAll(a)
	fingerprintAll(b)
	seen := map[string]bool{}
	for i := range a {
		if a[i].fingerprint != b[i].fingerprint {
			t.Errorf("finding %d: fingerprint changed when lines moved", i)
		}
		if seen[a[i].fingerprint] {
			t.Errorf("finding %d: fingerprint not unique", i)
		}
		seen[a[i].fingerprint] = true
	}

	base := newBaseline(a)
	// F loses its first write; G gains a second one.
	c := []finding{
		mk("/a/p/x.go", 12, "func F", "write of Status"),
		mk("/a/p/x.go", 20, "func G", "write of Status"),
		mk("/a/p/x.go", 21, "func G", "write of Status"),
	}
	fingerprintAll(c)
	left, stale := base.filter(c)
	if len(left) != 1 || left[0].line != 21 || stale != 1 {
		t.Errorf("filter = %d findings (%v), %d stale; want the new write at line 21 and 1 stale entry", len(left), left, stale)
	}
}

func TestBaselineFile(t *testing.T) {
	dir := t.TempDir()
	pkg := &vetPkg{PkgPath: "example.com/p"}
	fs := []finding{{check: "runscope", pkg: pkg, file: "/x/p/y.go", line: 3, decl: "func F", diag: analysis.Diagnostic{Message: "m"}}}
	fingerprintAll(fs)
	path := filepath.Join(dir, "baseline.json")
	if err := newBaseline(fs).write(path); err != nil {
		t.Fatal(err)
	}
	b, err := readBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Findings) != 1 || b.Findings[0].Fingerprint != fs[0].fingerprint || b.Findings[0].File != "y.go" || b.Findings[0].Declaration != "func F" {
		t.Errorf("read back %+v", b)
	}
	for name, content := range map[string]string{
		"notjson":    "{",
		"unknown":    `{"runtruth_baseline": 1, "findings": [], "extra": 1}`,
		"noversion":  `{"findings": []}`,
		"future":     `{"runtruth_baseline": 99, "findings": []}`,
		"nofinger":   `{"runtruth_baseline": 1, "findings": [{"check": "x"}]}`,
		"trailing":   `{"runtruth_baseline": 1, "findings": []} {}`,
		"emptyfile":  ``,
		"wrongshape": `[]`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readBaseline(p); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := readBaseline(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing baseline: no error")
	}
}

func TestParseDiff(t *testing.T) {
	diff := `diff --git a/x.go b/x.go
index 1..2 100644
--- a/x.go
+++ b/x.go
@@ -3 +3 @@ func F() {
-	a := 1
+	a := 2
@@ -10,0 +11,2 @@ func G() {
+	b := 1
+	c := 2
@@ -20,3 +22,0 @@
-	gone
diff --git a/old.go b/new.go
similarity index 90%
rename from old.go
rename to new.go
--- a/old.go
+++ b/new.go
@@ -1 +1 @@
-package a
+package b
diff --git a/del.go b/del.go
deleted file mode 100644
--- a/del.go
+++ /dev/null
@@ -1,2 +0,0 @@
-package x
-
diff --git "a/sp ace.go" "b/sp ace.go"
--- "a/sp ace.go"
+++ "b/sp ace.go"
@@ -0,0 +1 @@
+package s
`
	files := map[string]map[int]bool{}
	if err := parseDiff([]byte(diff), files); err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{"x.go": {3, 11, 12}, "new.go": {1}, "sp ace.go": {1}}
	if len(files) != len(want) {
		t.Errorf("files %v, want %v", files, want)
	}
	for name, lines := range want {
		if len(files[name]) != len(lines) {
			t.Errorf("%s: lines %v, want %v", name, files[name], lines)
		}
		for _, l := range lines {
			if !files[name][l] {
				t.Errorf("%s: line %d not changed", name, l)
			}
		}
	}
	if err := parseDiff([]byte("+++ b/x.go\n@@ bad @@\n"), map[string]map[int]bool{}); err == nil {
		t.Error("bad hunk header: no error")
	}
}

// checkChanged reports the difference between files and want (file →
// changed lines).
func checkChanged(t *testing.T, files map[string]map[int]bool, want map[string][]int) {
	t.Helper()
	if len(files) != len(want) {
		t.Errorf("files %v, want %v", files, want)
	}
	for name, lines := range want {
		if len(files[name]) != len(lines) {
			t.Errorf("%q: lines %v, want %v", name, files[name], lines)
		}
		for _, l := range lines {
			if !files[name][l] {
				t.Errorf("%q: line %d not changed", name, l)
			}
		}
	}
}

func TestParseDiffFileNames(t *testing.T) {
	// git ends a name holding a space with a tab in the ---/+++ lines,
	// and C-quotes names with unusual bytes (with octal escapes unless
	// core.quotePath=false).
	diff := "diff --git a/internal/notify/no tify.go b/internal/notify/no tify.go\n" +
		"--- a/internal/notify/no tify.go\t\n" +
		"+++ b/internal/notify/no tify.go\t\n" +
		"@@ -2,0 +3 @@\n" +
		"+x\n" +
		"diff --git \"a/internal/caf\\303\\251.go\" \"b/internal/caf\\303\\251.go\"\n" +
		"--- \"a/internal/caf\\303\\251.go\"\n" +
		"+++ \"b/internal/caf\\303\\251.go\"\n" +
		"@@ -4 +4 @@\n" +
		"-y\n" +
		"+z\n" +
		"diff --git \"a/q\\\"uo\\\\te\\tx.go\" \"b/q\\\"uo\\\\te\\tx.go\"\n" +
		"--- \"a/q\\\"uo\\\\te\\tx.go\"\n" +
		"+++ \"b/q\\\"uo\\\\te\\tx.go\"\n" +
		"@@ -0,0 +1,2 @@\n" +
		"+a\n" +
		"+b\n" +
		"diff --git a/raw\xe9 sp.go b/raw\xe9 sp.go\n" +
		"--- a/raw\xe9 sp.go\t\n" +
		"+++ b/raw\xe9 sp.go\t\n" +
		"@@ -0,0 +7 @@\n" +
		"+c\n"
	files := map[string]map[int]bool{}
	if err := parseDiff([]byte(diff), files); err != nil {
		t.Fatal(err)
	}
	checkChanged(t, files, map[string][]int{
		"internal/notify/no tify.go": {3},
		"internal/café.go":           {4},
		"q\"uo\\te\tx.go":            {1, 2},
		"raw\xe9 sp.go":              {7},
	})
}

func TestParseDiffPlusPlusContent(t *testing.T) {
	// Added lines "++ a" and "++ b/y.go", removed lines "-- a" and
	// "-- /dev/null": in a -U0 diff they look like file headers.
	diff := `diff --git a/x.go b/x.go
--- a/x.go
+++ b/x.go
@@ -1,0 +2,2 @@
+++ a
+++ b/y.go
@@ -5,2 +6,0 @@
--- a
--- /dev/null
@@ -9 +8,2 @@
-old
+++ /dev/null
+new
\ No newline at end of file
@@ -20,0 +22 @@
+last
diff --git a/z.go b/z.go
--- a/z.go
+++ b/z.go
@@ -1 +1 @@
-+++ b/w.go
+++ b/v.go
`
	files := map[string]map[int]bool{}
	if err := parseDiff([]byte(diff), files); err != nil {
		t.Fatal(err)
	}
	checkChanged(t, files, map[string][]int{"x.go": {2, 3, 8, 9, 22}, "z.go": {1}})

	// A hunk cut short ends at the next line that is not content.
	files = map[string]map[int]bool{}
	short := "+++ b/x.go\n@@ -1,0 +1,3 @@\n+a\ndiff --git a/y b/y\n+++ b/y\n@@ -1 +1 @@\n-b\n+++ c\n"
	if err := parseDiff([]byte(short), files); err != nil {
		t.Fatal(err)
	}
	checkChanged(t, files, map[string][]int{"x.go": {1, 2, 3}, "y": {1}})
}

func TestUnquoteC(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"b/caf\303\251.go"`, "b/café.go"},
		{`"a\"b\\c"`, `a"b\c`},
		{`"\a\b\t\n\v\f\r"`, "\a\b\t\n\v\f\r"},
		{"\"raw\xff\"", "raw\xff"},
		{"\"tab after\"\t", "tab after"},
	} {
		got, err := unquoteC(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("unquoteC(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{`"open`, `"bad\q"`, `"\39"`, `"\1"`, `"x"y`, `noquote`, `"end\`} {
		if got, err := unquoteC(in); err == nil {
			t.Errorf("unquoteC(%q) = %q, want an error", in, got)
		}
	}
}

// TestChangedLinesGit runs git on files whose names hold a space,
// non-ASCII letters or quotes, with added lines that start with "++ ".
func TestChangedLinesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=runtruth test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	names := []string{"internal/notify/no tify.go", "internal/café.go", `internal/q"uote.go`, "plain.go"}
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range names {
		write(n, "package p\n\nvar a = 1\n\nvar b = 2\n")
	}
	run("init", "-q")
	run("add", "-A")
	run("commit", "-q", "-m", "init")
	// Line 3 starts with "++ ", line 6 changes after it.
	for _, n := range names {
		write(n, "package p\n\n++ b/other.go\nvar a = 1\n\nvar b = 3\n")
	}
	c, err := changedLines(dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{}
	for _, n := range names {
		want[n] = []int{3, 6}
	}
	checkChanged(t, c.files, want)
}

func TestColumnUTF16(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "u.go")
	// "é" is 2 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 units.
	if err := os.WriteFile(file, []byte("package u\nvar s = \"é𝄞\" + x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &sources{files: map[string][]byte{}}
	byteCol := strings.Index("var s = \"é𝄞\" + x", "x") + 1
	if _, col := s.column(file, 2, byteCol); col != byteCol-3 {
		t.Errorf("UTF-16 column %d, want %d", col, byteCol-3)
	}
	if line, col := s.column(filepath.Join(dir, "missing.go"), 7, 9); line != 7 || col != 9 {
		t.Errorf("unreadable file: %d:%d, want 7:9 unchanged", line, col)
	}
	if line, col := s.column(file, 99, 3); line != 99 || col != 3 {
		t.Errorf("line past the end: %d:%d, want 99:3 unchanged", line, col)
	}
}

// TestSARIFRelatedAndFixes checks the parts of SARIF that the demo may not
// exercise: related locations, fixes, a file outside the source root, and
// a load error.
func TestSARIFRelatedAndFixes(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\nfunc F() {\n\tx := \"a\"\n\t_ = x\n}\n"
	file := filepath.Join(dir, "p", "p.go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	tf := fset.File(f.Pos())
	pos := func(s string) token.Pos { return tf.Pos(strings.Index(src, s)) }
	pkg := &vetPkg{ID: "example.com/p", PkgPath: "example.com/p", Fset: fset}
	diag := analysis.Diagnostic{
		Pos:     pos("_ = x"),
		End:     pos("_ = x") + 5,
		Message: "x flows into a run message",
		Related: []analysis.RelatedInformation{
			{Pos: pos("x := "), End: pos("x := ") + 1, Message: "x is set here"},
			{Pos: pos("func F"), Message: "in F"},
		},
		SuggestedFixes: []analysis.SuggestedFix{{
			Message: "drop it",
			TextEdits: []analysis.TextEdit{
				{Pos: pos("_ = x"), End: pos("_ = x") + 5, NewText: nil},
				{Pos: pos("\"a\""), End: pos("\"a\"") + 3, NewText: []byte(`"b"`)},
			},
		}},
	}
	a := &analysis.Analyzer{Name: "fake", Doc: "fake check\n\nLong description.", URL: "https://example.com/fake"}
	p := fset.Position(diag.Pos)
	fs := []finding{{check: "fake", analyzer: a, pkg: pkg, diag: diag, file: p.Filename, line: p.Line, col: p.Column,
		end: fset.Position(diag.End), decl: enclosingDecl(f, diag.Pos)}}
	fingerprintAll(fs)

	for _, root := range []string{dir, filepath.Join(dir, "elsewhere")} {
		var out bytes.Buffer
		s := &sources{root: root, files: map[string][]byte{}}
		if err := printSARIF(&out, fs, []string{"p/q.go:1:1: expected 'package'"}, s, (&options{}).level); err != nil {
			t.Fatal(err)
		}
		validateSARIF(t, out.Bytes())

		var log sarifLog
		if err := json.Unmarshal(out.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		run := log.Runs[0]
		rule := run.Tool.Driver.Rules[len(run.Tool.Driver.Rules)-1]
		if rule.ID != "fake" || rule.ShortDescription.Text != "fake check" || rule.FullDescription.Text != a.Doc {
			t.Errorf("rule of an analyzer outside the suite: %+v", rule)
		}
		if run.Invocations[0].ExecutionSuccessful || len(run.Invocations[0].ToolExecutionNotifications) != 1 {
			t.Errorf("a load error must make the invocation unsuccessful: %+v", run.Invocations)
		}
		res := run.Results[0]
		loc := res.Locations[0]
		wantURI := "p/p.go"
		if root != dir {
			wantURI = "file://" + filepath.ToSlash(file)
		}
		if loc.PhysicalLocation.ArtifactLocation.URI != wantURI {
			t.Errorf("uri %q, want %q", loc.PhysicalLocation.ArtifactLocation.URI, wantURI)
		}
		if r := loc.PhysicalLocation.Region; r != (sarifRegion{StartLine: 5, StartColumn: 2, EndLine: 5, EndColumn: 7}) {
			t.Errorf("region %+v", r)
		}
		if len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].FullyQualifiedName != "example.com/p.F" || loc.LogicalLocations[0].Kind != "function" {
			t.Errorf("logical locations %+v", loc.LogicalLocations)
		}
		if len(res.RelatedLocations) != 2 || res.RelatedLocations[0].Message.Text != "x is set here" ||
			res.RelatedLocations[0].PhysicalLocation.Region.StartLine != 4 || res.RelatedLocations[1].PhysicalLocation.Region.EndLine != 0 {
			t.Errorf("related locations %+v", res.RelatedLocations)
		}
		if len(res.Fixes) != 1 || len(res.Fixes[0].ArtifactChanges) != 1 || len(res.Fixes[0].ArtifactChanges[0].Replacements) != 2 {
			t.Fatalf("fixes %+v", res.Fixes)
		}
		reps := res.Fixes[0].ArtifactChanges[0].Replacements
		if reps[0].InsertedContent != nil || reps[1].InsertedContent == nil || reps[1].InsertedContent.Text != `"b"` {
			t.Errorf("replacements %+v", reps)
		}
		if res.PartialFingerprints[fingerprintKey] != fs[0].fingerprint {
			t.Errorf("partialFingerprints %v", res.PartialFingerprints)
		}
	}
}

type textFinding struct {
	file      string
	line, col int
	message   string
	check     string
}

var textLine = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*) \(([a-z]+)\)$`)

func parseText(t *testing.T, out string) []textFinding {
	t.Helper()
	var fs []textFinding
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		m := textLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("bad output line %q", l)
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		fs = append(fs, textFinding{file: m[1], line: line, col: col, message: m[4], check: m[5]})
	}
	return fs
}

// sarifOut is what the test reads of runtruth's SARIF.
type sarifOut struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					HelpURI              string `json:"helpUri"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
						EndLine     int `json:"endLine"`
						EndColumn   int `json:"endColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			RelatedLocations    []json.RawMessage `json:"relatedLocations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIF(t *testing.T) {
	t.Parallel()
	out, stderr, code := runtruth(t, demo, "-format", "sarif", "./...")
	if code != 1 {
		t.Fatalf("exit status %d, want 1\n%s", code, stderr)
	}
	validateSARIF(t, []byte(out))
	t.Logf("SARIF output on the demo validates against %s", sarifSchemaFile)

	text, _, _ := runtruth(t, demo, "./...")
	want := parseText(t, text)
	vetJSON, _, _ := runtruth(t, demo, "-json", "./...")
	wantRelated := strings.Count(vetJSON, `"related": [`)

	var log sarifOut
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs; want 2.1.0 and one run", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "runtruth" || run.Tool.Driver.Version != version() {
		t.Errorf("driver %q version %q, want runtruth %q", run.Tool.Driver.Name, run.Tool.Driver.Version, version())
	}
	var ruleIDs []string
	for _, r := range run.Tool.Driver.Rules {
		ruleIDs = append(ruleIDs, r.ID)
		if r.Name == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.DefaultConfiguration.Level != "error" ||
			!strings.HasPrefix(r.HelpURI, "https://github.com/runtruth/runtruth#") {
			t.Errorf("rule %s lacks a name, description, help URI or default level: %+v", r.ID, r)
		}
	}
	var checks []string
	for _, a := range analyzers.All() {
		checks = append(checks, a.Name)
	}
	if !slices.Equal(ruleIDs, checks) {
		t.Errorf("rules %v, want one per check %v", ruleIDs, checks)
	}
	if len(run.Results) != len(want) {
		t.Fatalf("%d results, want %d (the text output's findings)", len(run.Results), len(want))
	}
	fingerprints := map[string]bool{}
	related := 0
	for i, r := range run.Results {
		w := want[i]
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID != w.check || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID || r.Level != "error" || r.Message.Text != w.message {
			t.Errorf("result %d: %s %q (rule %d), want %s %q", i, r.RuleID, r.Message.Text, r.RuleIndex, w.check, w.message)
		}
		// A region ends where the diagnostic does, or, when it has no end,
		// at the end of the line.
		end := loc.Region.EndLine > loc.Region.StartLine || loc.Region.EndLine == loc.Region.StartLine && loc.Region.EndColumn > loc.Region.StartColumn ||
			loc.Region.EndLine == 0 && loc.Region.EndColumn == 0
		if !strings.HasSuffix(loc.ArtifactLocation.URI, w.file) || loc.Region.StartLine != w.line || loc.Region.StartColumn != w.col || !end {
			t.Errorf("result %d at %s %+v, want %s:%d:%d", i, loc.ArtifactLocation.URI, loc.Region, w.file, w.line, w.col)
		}
		fp := r.PartialFingerprints["runtruthFingerprint/v1"]
		if fp == "" || fingerprints[fp] {
			t.Errorf("result %d: fingerprint %q missing or not unique", i, fp)
		}
		fingerprints[fp] = true
		if len(r.RelatedLocations) > 0 {
			related++
		}
	}
	if related != wantRelated {
		t.Errorf("%d results with related locations, want %d (as in -json)", related, wantRelated)
	}
}

// TestVersion: -version and the version command print the same version,
// which SARIF's driver carries too.
func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-version"}, {"version"}} {
		var out, errOut bytes.Buffer
		code := run(args, &out, &errOut)
		v := strings.TrimSpace(out.String())
		if code != exitClean || v != "runtruth "+version() || errOut.Len() != 0 {
			t.Errorf("runtruth %v: exit status %d, %q (stderr %q)", args, code, v, errOut.String())
		}
	}
	if v := version(); v != "devel" && !strings.HasPrefix(v, "devel ") && !strings.HasPrefix(v, "v") {
		t.Errorf("version() = %q, want a module version or devel", v)
	}
}

// TestHelp: runtruth help lists every check; runtruth help CHECK prints
// its documentation, from its doc.go; an unknown check is a usage error.
func TestHelp(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := run([]string{"help"}, &out, &errOut); code != exitClean {
		t.Fatalf("runtruth help: exit status %d\n%s", code, errOut.String())
	}
	for _, a := range analyzers.All() {
		if !strings.Contains(out.String(), a.Name) || !strings.Contains(out.String(), checkdoc.Summary(a.Doc)) {
			t.Errorf("runtruth help does not list %s with its summary:\n%s", a.Name, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"help", "dupetruth"}, &out, &errOut); code != exitClean || !strings.Contains(out.String(), "dupetruth: strict") || !strings.Contains(out.String(), "#dupetruth") {
		t.Errorf("runtruth help dupetruth: exit status %d\n%s", code, out.String())
	}
	errOut.Reset()
	if code := run([]string{"help", "dupetrut"}, &out, &errOut); code != exitUsage || !strings.Contains(errOut.String(), `no check "dupetrut"`) {
		t.Errorf("runtruth help dupetrut: exit status %d, stderr %q", code, errOut.String())
	}
}

func TestCountLine(t *testing.T) {
	f := func(check string) finding { return finding{check: check} }
	for _, tc := range []struct {
		findings []finding
		want     string
	}{
		{[]finding{f("runsecrets"), f("directwrite"), f("directwrite")}, "3 findings (directwrite 2, runsecrets 1)"},
		{[]finding{f("runscope"), f("dupetruth")}, "2 findings (dupetruth 1, runscope 1)"},
		{[]finding{f("runscope")}, "1 finding (runscope 1)"},
	} {
		if got := countLine(tc.findings); got != tc.want {
			t.Errorf("countLine = %q, want %q", got, tc.want)
		}
	}
}

// TestSeverity: the configuration's severity sets the level of a check's
// findings in SARIF (and runsecrets' security-severity) and the kind of
// its GitHub annotation; a bad level or check name is an error with file
// and line.
func TestSeverity(t *testing.T) {
	t.Parallel()
	dir, write := demoWithConfig(t)
	write("severity:\n  runsecrets: note\n  dupetruth: warning\n")
	sarifFile := filepath.Join(t.TempDir(), "out.sarif")
	github, stderr, code := runtruth(t, dir, "-format", "sarif="+sarifFile+",github", "./...")
	if code != exitFindings {
		t.Fatalf("exit status %d, want %d\n%s", code, exitFindings, stderr)
	}
	sarif, err := os.ReadFile(sarifFile)
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, sarif)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID                   string
						DefaultConfiguration struct{ Level string }
						Properties           map[string]any
					}
				}
			}
			Results []struct {
				RuleID string
				Level  string
			}
		}
	}
	if err := json.Unmarshal(sarif, &log); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"runsecrets": "note", "dupetruth": "warning", "directwrite": "error"}
	seen := map[string]bool{}
	for _, r := range log.Runs[0].Results {
		if w, ok := want[r.RuleID]; ok {
			seen[r.RuleID] = true
			if r.Level != w {
				t.Errorf("%s result level %q, want %q", r.RuleID, r.Level, w)
			}
		}
	}
	for _, rule := range log.Runs[0].Tool.Driver.Rules {
		if w, ok := want[rule.ID]; ok && rule.DefaultConfiguration.Level != w {
			t.Errorf("rule %s level %q, want %q", rule.ID, rule.DefaultConfiguration.Level, w)
		}
		if rule.ID == "runsecrets" && rule.Properties["security-severity"] != "2.0" {
			t.Errorf("runsecrets properties %v, want security-severity 2.0", rule.Properties)
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("the demo has no result of some of %v: %v", want, seen)
	}
	for _, l := range lines(github) {
		kind, _, _ := strings.Cut(l, " ")
		check := l[strings.LastIndex(l, "title=runtruth/")+len("title=runtruth/"):]
		check, _, _ = strings.Cut(check, "::")
		if w := map[string]string{"note": "::notice", "warning": "::warning", "error": "::error"}[want[check]]; w != "" && kind != w {
			t.Errorf("%s annotation %q, want %s", check, kind, w)
		}
	}

	for extra, msg := range map[string]string{
		"severity:\n  runsecrets: critical\n": `severity: runsecrets: "critical" is not a level`,
		"severity:\n  runsecret: note\n":      "did you mean runsecrets?",
	} {
		write(extra)
		if _, stderr, code := runtruth(t, dir, "./..."); code != exitUsage || !strings.Contains(stderr, ".runtruth.yml:") || !strings.Contains(stderr, msg) {
			t.Errorf("%q: exit status %d, want %d and %q with file and line:\n%s", extra, code, exitUsage, msg, stderr)
		}
	}
}
