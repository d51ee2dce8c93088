// Package demotest gives end-to-end tests a private copy of the demo
// service (testdata/demo), so that they can edit it freely.
package demotest

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Copy copies root/testdata/demo into a temporary directory, points the
// copy's replace directive at root (this repository) and returns the
// copy's directory.
func Copy(t testing.TB, root string) string {
	t.Helper()
	root, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(root, "testdata", "demo")
	dst := filepath.Join(t.TempDir(), "demo")
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying the demo: %v", err)
	}
	cmd := exec.Command("go", "mod", "edit", "-replace", "github.com/runtruth/runtruth="+root)
	cmd.Dir = dst
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod edit: %v\n%s", err, out)
	}
	return dst
}

// ReadLines returns the lines of the file at path.
func ReadLines(t testing.TB, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(data), "\n")
}
