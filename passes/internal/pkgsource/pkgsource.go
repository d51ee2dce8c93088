// Package pkgsource tells the passes where the source of the package
// under analysis comes from: the standard library, a dependency module, or
// code of the user's own (the main module, a workspace module, a local
// replacement, a GOPATH tree). The passes model the first two instead of
// analyzing them.
package pkgsource

import (
	"go/build"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Standard reports whether the package is part of the standard library,
// whose functions the passes model instead of analyzing.
func Standard(pass *analysis.Pass) bool {
	first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
	if strings.Contains(first, ".") || len(pass.Files) == 0 {
		return false
	}
	root := build.Default.GOROOT
	if root == "" {
		return false
	}
	tf := pass.Fset.File(pass.Files[0].Pos())
	if tf == nil {
		return false
	}
	src := filepath.Join(root, "src") + string(filepath.Separator)
	return strings.HasPrefix(filepath.Clean(tf.Name()), src)
}

// Dependency reports whether the package belongs to a versioned module
// that the module under analysis requires and whose source comes from the
// module cache or a vendor directory, rather than to the main module, a
// workspace module, a module replaced by a local directory or a GOPATH
// tree.
func Dependency(pass *analysis.Pass) bool {
	if pass.Module == nil || pass.Module.Version == "" || len(pass.Files) == 0 {
		return false
	}
	tf := pass.Fset.File(pass.Files[0].Pos())
	if tf == nil {
		return false
	}
	name := filepath.ToSlash(tf.Name())
	// Module cache directories are named path@version.
	return strings.Contains(name, "@") || strings.Contains(name, "/vendor/")
}
