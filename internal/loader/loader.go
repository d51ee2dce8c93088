// Package loader loads packages for runtruth's analyses. The analyses need
// every dependency from source, for the facts each package passes on to
// its importers; but no check reads the function bodies of the standard
// library (the passes model it), and type-checking those bodies is most of
// the cost of loading a service and of the memory it holds. Load drops
// them as it parses the files of the standard library.
package loader

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Load is packages.Load with the function bodies of the standard library
// dropped. If a standard-library package does not type-check without its
// bodies, it loads everything again as packages.Load does, so the result
// is never worse than packages.Load's.
func Load(cfg *packages.Config, patterns ...string) ([]*packages.Package, error) {
	if cfg.ParseFile != nil || cfg.Mode&packages.NeedSyntax == 0 {
		return packages.Load(cfg, patterns...)
	}
	goroot, err := GOROOT(cfg)
	if err != nil {
		return nil, err
	}
	stripped := *cfg
	stripped.ParseFile = parseFunc(filepath.Join(goroot, "src") + string(filepath.Separator))
	pkgs, err := packages.Load(&stripped, patterns...)
	if err != nil || !standardErrors(pkgs, goroot) {
		return pkgs, err
	}
	return packages.Load(cfg, patterns...)
}

// GOROOT returns the GOROOT of the go command that cfg runs.
func GOROOT(cfg *packages.Config) (string, error) {
	cmd := exec.Command("go", "env", "GOROOT")
	cmd.Dir = cfg.Dir
	cmd.Env = cfg.Env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	root := strings.TrimSpace(string(out))
	if root == "" {
		return "", fmt.Errorf("go env GOROOT printed nothing")
	}
	return root, nil
}

// standardErrors reports whether a package of the standard library has
// errors.
func standardErrors(pkgs []*packages.Package, goroot string) bool {
	src := filepath.Join(goroot, "src") + string(filepath.Separator)
	bad := false
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Errors) > 0 && len(p.CompiledGoFiles) > 0 && strings.HasPrefix(p.CompiledGoFiles[0], src) {
			bad = true
		}
	})
	return bad
}

// parseFunc returns a ParseFile function that parses as go/packages does
// and strips the files under src.
func parseFunc(src string) func(*token.FileSet, string, []byte) (*ast.File, error) {
	return func(fset *token.FileSet, filename string, data []byte) (*ast.File, error) {
		f, err := parser.ParseFile(fset, filename, data, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
		if err != nil || !strings.HasPrefix(filename, src) {
			return f, err
		}
		strip(f)
		return f, nil
	}
}

// strip drops the function bodies of f and then the imports it no longer
// uses; it leaves a file with a dot import as it is. It keeps the bodies
// that say something of a function's type or control flow: those of
// generic functions, init and main (go/types requires them) and those without a return
// statement, which may never return (the ctrlflow pass that go/ssa uses
// reads them, and reads them the same under every driver).
func strip(f *ast.File) {
	for _, is := range f.Imports {
		if is.Name != nil && is.Name.Name == "." {
			return // whether the bodies alone use it cannot be told
		}
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || fd.Type.TypeParams.NumFields() > 0 || !returns(fd.Body) ||
			fd.Recv == nil && (fd.Name.Name == "init" || fd.Name.Name == "main" && f.Name.Name == "main") {
			continue
		}
		fd.Body = nil
	}
	used := map[string]bool{}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
	}
	var imports []*ast.ImportSpec
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			decls = append(decls, d)
			continue
		}
		var specs []ast.Spec
		for _, s := range g.Specs {
			if is := s.(*ast.ImportSpec); keep(is, used) {
				specs = append(specs, is)
				imports = append(imports, is)
			}
		}
		if len(specs) > 0 {
			g.Specs = specs
			decls = append(decls, g)
		}
	}
	f.Decls = decls
	f.Imports = imports
}

// version matches the last element of a versioned import path (math/rand/v2).
var version = regexp.MustCompile(`^v[0-9][0-9.]*$`)

// returns reports whether body has a return statement of its own (not of
// a function literal).
func returns(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// keep reports whether an import may still be used: it is kept unless no
// selector of the file names it by any name the package may have.
func keep(is *ast.ImportSpec, used map[string]bool) bool {
	if is.Name != nil {
		return is.Name.Name == "_" || used[is.Name.Name]
	}
	path := strings.Trim(is.Path.Value, "`\"")
	if path == "C" {
		return true
	}
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if used[last] {
		return true
	}
	return len(elems) > 1 && version.MatchString(last) && used[elems[len(elems)-2]]
}
