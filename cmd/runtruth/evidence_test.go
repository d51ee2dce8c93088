package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoEvidence: testdata/demo/evidence.md and evidence.json, which the
// README shows, are exactly what -format evidence and -format
// evidence-json print on the demo; both formats come from one analysis.
func TestDemoEvidence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	md, js := filepath.Join(dir, "evidence.md"), filepath.Join(dir, "evidence.json")
	out, stderr, code := runtruth(t, demo, "-format", "evidence="+md+",evidence-json="+js+",text", "./...")
	if code != exitFindings {
		t.Fatalf("exit status %d, want %d\n%s", code, exitFindings, stderr)
	}
	if golden, err := os.ReadFile(filepath.Join(demo, "findings.golden")); err != nil || string(golden) != out {
		t.Errorf("-format evidence changes the text output beside it\n%s", out)
	}
	for _, name := range []string{"evidence.md", "evidence.json"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join(demo, name)
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/runtruth -run DemoEvidence -update to write it)", err)
		}
		if string(got) != string(want) {
			t.Errorf("the evidence of the demo changed; if that is intended, run go test ./cmd/runtruth -run DemoEvidence -update\ngot %s:\n%s", name, got)
		}
	}

	var ev Evidence
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		t.Fatalf("evidence-json: %v", err)
	}
	// What the demo holds, read back: a reviewer's questions answered.
	var oprun *RunEvidence
	for i := range ev.Runs {
		if ev.Runs[i].Name == "github.com/runtruth/runtruth/oprun.Run" {
			oprun = &ev.Runs[i]
		}
	}
	if oprun == nil {
		t.Fatalf("no oprun.Run among the run types: %+v", ev.Runs)
	}
	if len(oprun.Starts) != 3 || len(oprun.StartedBy) != 1 || len(oprun.Unreconcile) != 1 || len(oprun.Reconcilers) != 0 {
		t.Errorf("oprun.Run: %d start sites, started by %v, unreconciled in %v, reconcilers %v; want 3, the demo's program, the same, none",
			len(oprun.Starts), oprun.StartedBy, oprun.Unreconcile, oprun.Reconcilers)
	}
	var unset []string
	for _, s := range oprun.Starts {
		unset = append(unset, s.ScopeUnset...)
	}
	if strings.Join(unset, ",") != "ManagedEnvironment" {
		t.Errorf("scope fields left out at start sites: %v, want the system restore's ManagedEnvironment", unset)
	}
	if len(ev.Keys) != 1 || !strings.Contains(strings.Join(ev.Keys[0].Unused, ","), "retries") {
		t.Errorf("summary keys: %+v, want oprun's registry with retries never used", ev.Keys)
	}
	if len(ev.Allows) != 2 || len(ev.Proofs) != 1 || len(ev.Findings) != 25 {
		t.Errorf("%d allows, %d proof types, %d findings; want 2, 1, 25", len(ev.Allows), len(ev.Proofs), len(ev.Findings))
	}
}

// TestEvidenceNewFromRev: with -new-from-rev the evidence keeps what is on
// changed lines and says which lifecycle paths the change touches.
func TestEvidenceNewFromRev(t *testing.T) {
	t.Parallel()
	dir := demoRepo(t)

	// A change off every lifecycle path: a comment.
	backup := filepath.Join(dir, "internal", "jobs", "backup.go")
	src, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(from, to string) {
		t.Helper()
		if !strings.Contains(string(src), from) {
			t.Fatalf("backup.go has no %q", from)
		}
		src = []byte(strings.Replace(string(src), from, to, 1))
		if err := os.WriteFile(backup, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("package jobs", "package jobs // edited")
	out, stderr, code := runtruth(t, dir, "-format", "evidence", "-new-from-rev", "HEAD", "./...")
	if code != exitClean || !strings.Contains(out, "Changes since `HEAD`. The change touches no lifecycle path of an operation run.") ||
		strings.Contains(out, "### Start sites") || strings.Contains(out, "Lifecycle calls") {
		t.Errorf("a comment: exit status %d; want no lifecycle path touched and no call site\n%s%s", code, out, stderr)
	}

	// A change of the line that completes the backup run.
	edit("b.Runs.Complete(ctx, runID,", "b.Runs.Complete(ctx, runID, // the clean end\n\t\t")
	out, stderr, code = runtruth(t, dir, "-format", "evidence", "-new-from-rev", "HEAD", "./...")
	if code != exitClean || !strings.Contains(out, "The change touches these lifecycle paths: calls (*oprun.Service).Complete of github.com/runtruth/runtruth/oprun.Run at 1 site.") ||
		!strings.Contains(out, "| `(*oprun.Service).Complete` | `example.com/backupsvc/internal/jobs` | 1 | `internal/jobs/backup.go:") || strings.Contains(out, "(*oprun.Service).Fail") {
		t.Errorf("a changed Complete call: exit status %d; want that call alone\n%s%s", code, out, stderr)
	}
}
