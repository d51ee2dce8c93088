// Package stdlib tells the packages of the standard library from the
// others by their import path, for the checks and the passes that model
// the standard library instead of analyzing it.
package stdlib

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
)

// Is reports whether the import path is a standard library package's: its
// first element has no dot and its directory is in GOROOT.
func Is(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") || build.Default.GOROOT == "" {
		return false
	}
	fi, err := os.Stat(filepath.Join(build.Default.GOROOT, "src", filepath.FromSlash(path)))
	return err == nil && fi.IsDir()
}
