package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strings"

	"golang.org/x/tools/go/gcexportdata"

	"github.com/runtruth/runtruth/internal/stdlib"
)

// stdConfig is the part of go vet's per-package configuration that the
// standard library's fast path reads (see unitchecker.Config).
type stdConfig struct {
	ImportPath  string
	GoFiles     []string
	ImportMap   map[string]string
	PackageVetx map[string]string
	VetxOnly    bool
	VetxOutput  string
	GoVersion   string
}

// vetStandard answers go vet's request for the facts of a standard
// library package, which go vet makes for every dependency of the packages
// it checks. runtruth's checks declare nothing in the standard library and
// model what they need of it instead of analyzing it (package stdlib), so
// such a package has no facts: only its types are needed, by the packages
// that import it. vetStandard type-checks the package without function
// bodies and writes its types, with no facts, in the form that
// unitchecker reads; the analyses, and type-checking the bodies, are what
// the first go vet of a module spends most of its time on in the standard
// library. The result is kept in runtruth's own cache (stdCache) for the
// go vet runs under other configurations or flags.
//
// It reports whether it handled the request. Anything it does not expect
// (a package outside the standard library, a request for findings, a file
// that does not parse or type-check, a dependency's types it cannot read)
// leaves the request to unitchecker, unchanged.
func vetStandard(cfgFile string) bool {
	if !strings.HasSuffix(cfgFile, ".cfg") {
		return false
	}
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return false
	}
	var cfg stdConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		return false
	}
	if !cfg.VetxOnly || cfg.VetxOutput == "" || len(cfg.GoFiles) == 0 || !stdlib.Is(cfg.ImportPath) {
		return false
	}
	cache, caching := openStdCache()
	var key string
	if caching {
		var err error
		if key, err = stdKey(&cfg); err != nil {
			caching = false
		} else if out, ok := cache.get(key); ok {
			return os.WriteFile(cfg.VetxOutput, out, 0o666) == nil
		}
	}
	out, err := stdTypes(&cfg)
	if err != nil {
		return false
	}
	if caching {
		cache.put(key, out)
	}
	return os.WriteFile(cfg.VetxOutput, out, 0o666) == nil
}

// vetxMagic starts a unitchecker .vetx file: the magic, the lengths of the
// types and of the facts (little-endian uint32s), the types in the
// indexed export format, the facts.
const vetxMagic = "vetx"

// stdTypes type-checks the package without function bodies and returns
// its .vetx file, with no facts.
func stdTypes(cfg *stdConfig) ([]byte, error) {
	fset := token.NewFileSet()
	files := make([]*ast.File, 0, len(cfg.GoFiles))
	for _, name := range cfg.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	imports := map[string]*types.Package{}
	importer := importerFunc(func(importPath string) (*types.Package, error) {
		path, ok := cfg.ImportMap[importPath]
		if !ok {
			return nil, fmt.Errorf("can't resolve import %q", importPath)
		}
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if pkg, ok := imports[path]; ok && pkg.Complete() {
			return pkg, nil
		}
		typesData, err := readVetxTypes(cfg.PackageVetx[path])
		if err != nil {
			return nil, fmt.Errorf("types of %q: %w", path, err)
		}
		return gcexportdata.Read(bytes.NewReader(typesData), fset, imports, path)
	})
	tc := &types.Config{
		Importer:         importer,
		Sizes:            types.SizesFor("gc", build.Default.GOARCH),
		GoVersion:        cfg.GoVersion,
		IgnoreFuncBodies: true,
	}
	pkg, err := tc.Check(cfg.ImportPath, fset, files, nil)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(vetxMagic)
	buf.Write(make([]byte, 8))
	if err := gcexportdata.Write(&buf, fset, pkg); err != nil {
		return nil, err
	}
	// gcexportdata.Write puts the format's tag ('i') before the indexed
	// export data; a .vetx file holds the export data alone.
	vetx := buf.Bytes()
	vetx = append(vetx[:12], vetx[13:]...)
	binary.LittleEndian.PutUint32(vetx[4:8], uint32(len(vetx)-12))
	binary.LittleEndian.PutUint32(vetx[8:12], 0)
	return vetx, nil
}

// readVetxTypes returns the types of a .vetx file, with the indexed
// format's tag before them, as gcexportdata.Read takes them.
func readVetxTypes(name string) ([]byte, error) {
	if name == "" {
		return nil, fmt.Errorf("no .vetx file")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if len(data) < 12 || string(data[:4]) != vetxMagic {
		return nil, fmt.Errorf("%s is not a .vetx file", name)
	}
	n := binary.LittleEndian.Uint32(data[4:8])
	if uint64(12)+uint64(n) > uint64(len(data)) {
		return nil, fmt.Errorf("%s: bad types length %d", name, n)
	}
	return append([]byte{'i'}, data[12:12+n]...), nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
