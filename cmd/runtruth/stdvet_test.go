package main

import (
	"bytes"
	"encoding/json"
	"go/build"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/gcexportdata"
)

// stdPackage writes a go vet configuration for a standard library package
// whose imports are the given packages, with their .vetx files.
func stdPackage(t *testing.T, dir, path string, vetxOnly bool, deps map[string]string) (cfgFile, vetx string) {
	t.Helper()
	pkg, err := build.Import(path, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := stdConfig{
		ImportPath:  path,
		ImportMap:   map[string]string{},
		PackageVetx: deps,
		VetxOnly:    vetxOnly,
		VetxOutput:  filepath.Join(dir, filepath.Base(path)+".vetx"),
	}
	for _, f := range pkg.GoFiles {
		cfg.GoFiles = append(cfg.GoFiles, filepath.Join(pkg.Dir, f))
	}
	for imp := range deps {
		cfg.ImportMap[imp] = imp
	}
	cfg.ImportMap["unsafe"] = "unsafe"
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfgFile = filepath.Join(dir, filepath.Base(path)+".cfg")
	if err := os.WriteFile(cfgFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return cfgFile, cfg.VetxOutput
}

// TestVetStandard writes the .vetx files of two standard library
// packages, one importing the other, and reads their types back as
// unitchecker does; packages outside the standard library and requests
// for findings are left to unitchecker.
func TestVetStandard(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg, utf8Vetx := stdPackage(t, dir, "unicode/utf8", true, nil)
	if !vetStandard(cfg) {
		t.Fatal("unicode/utf8 not handled")
	}
	cfg, utf16Vetx := stdPackage(t, dir, "unicode/utf16", true, map[string]string{"unicode/utf8": utf8Vetx})
	if !vetStandard(cfg) {
		t.Fatal("unicode/utf16 not handled")
	}
	for path, file := range map[string]string{"unicode/utf8": utf8Vetx, "unicode/utf16": utf16Vetx} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(data); n < 12 || string(data[8:12]) != "\x00\x00\x00\x00" {
			t.Errorf("%s: facts are not empty", path)
		}
		typesData, err := readVetxTypes(file)
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := gcexportdata.Read(bytes.NewReader(typesData), token.NewFileSet(), map[string]*types.Package{}, path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if pkg.Scope().Lookup("RuneLen") == nil && pkg.Scope().Lookup("Encode") == nil {
			t.Errorf("%s: exported functions missing from its types: %v", path, pkg.Scope().Names())
		}
	}

	// Left to unitchecker: findings asked for, a package outside the
	// standard library, a file that is no configuration.
	cfg, _ = stdPackage(t, dir, "unicode/utf8", false, nil)
	if vetStandard(cfg) {
		t.Error("a request for findings was handled")
	}
	other := filepath.Join(dir, "other.cfg")
	data, _ := json.Marshal(stdConfig{ImportPath: "example.com/app", GoFiles: []string{"a.go"}, VetxOnly: true, VetxOutput: filepath.Join(dir, "app.vetx")})
	if err := os.WriteFile(other, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if vetStandard(other) {
		t.Error("a package outside the standard library was handled")
	}
	if vetStandard("-flags") {
		t.Error("-flags was handled")
	}
}

// TestStdCache: the types of a standard library package are computed once
// and then read from runtruth's cache, under any go vet output path; a
// dependency whose types differ is another entry, and RUNTRUTH_CACHE=off
// keeps nothing.
func TestStdCache(t *testing.T) {
	cacheDir := t.TempDir()
	t.Setenv(envCache, cacheDir)
	dir := t.TempDir()
	entries := func() []string {
		t.Helper()
		names, err := filepath.Glob(filepath.Join(cacheDir, "std", "*", "*.vetx"))
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	vet := func(cfg string) {
		t.Helper()
		if !vetStandard(cfg) {
			t.Fatalf("%s not handled", cfg)
		}
	}

	cfg, utf8Vetx := stdPackage(t, dir, "unicode/utf8", true, nil)
	vet(cfg)
	cfg, utf16Vetx := stdPackage(t, dir, "unicode/utf16", true, map[string]string{"unicode/utf8": utf8Vetx})
	vet(cfg)
	if n := len(entries()); n != 2 {
		t.Fatalf("%d cache entries, want 2", n)
	}
	computed, err := os.ReadFile(utf16Vetx)
	if err != nil {
		t.Fatal(err)
	}

	// Mark every entry: a result with the mark came from the cache.
	marked := append(append([]byte{}, computed...), "cached"...)
	for _, name := range entries() {
		if err := os.WriteFile(name, marked, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	again := t.TempDir()
	cfg, out := stdPackage(t, again, "unicode/utf16", true, map[string]string{"unicode/utf8": utf8Vetx})
	vet(cfg)
	if got, _ := os.ReadFile(out); !bytes.Equal(got, marked) {
		t.Error("the same package under another output path was computed again, not read from the cache")
	}

	// Near miss: the dependency's types differ (a byte more), so its
	// importer is another entry, computed.
	otherUTF8 := filepath.Join(again, "utf8-other.vetx")
	if err := os.WriteFile(otherUTF8, append(mustRead(t, utf8Vetx), 0), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, out = stdPackage(t, t.TempDir(), "unicode/utf16", true, map[string]string{"unicode/utf8": otherUTF8})
	vet(cfg)
	if got, _ := os.ReadFile(out); !bytes.Equal(got, computed) {
		t.Error("a package whose dependency changed was read from the cache")
	}
	if n := len(entries()); n != 3 {
		t.Errorf("%d cache entries, want 3", n)
	}

	t.Setenv(envCache, "off")
	cfg, _ = stdPackage(t, t.TempDir(), "unicode/utf8", true, nil)
	if err := os.RemoveAll(cacheDir); err != nil {
		t.Fatal(err)
	}
	vet(cfg)
	if _, err := os.Stat(cacheDir); !os.IsNotExist(err) {
		t.Errorf("RUNTRUTH_CACHE=off wrote %s", cacheDir)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
