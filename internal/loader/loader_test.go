package loader

import (
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

func TestStrip(t *testing.T) {
	const src = `package p

import (
	"fmt"
	"strings"
	str "strconv"
	_ "embed"
	"math/rand/v2"
	"os"
)

var Name = strings.ToUpper("x")

func Sum[T int | float64](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	fmt.Println(s)
	return s
}

func Parse(s string) (int, error) { return str.Atoi(s) }

func Pick() int { return rand.IntN(3) }

func Env() *os.File { return nil }

func Exit() { os.Exit(strings.Count("a", "a")) }

var F = func() int { return len(fmt.Sprint(1)) }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	strip(f)
	var got strings.Builder
	if err := format.Node(&got, fset, f); err != nil {
		t.Fatal(err)
	}
	out := got.String()
	// fmt stays for F's literal and Sum, strings for Name, os for Env's
	// result; strconv and math/rand/v2 were used only in stripped bodies.
	// Sum is generic and Exit may not return: they keep their bodies.
	for _, want := range []string{`"fmt"`, `"strings"`, `_ "embed"`, `"os"`, "return len(fmt.Sprint(1))", "s += x", "os.Exit("} {
		if !strings.Contains(out, want) {
			t.Errorf("stripped file lacks %s:\n%s", want, out)
		}
	}
	for _, gone := range []string{"strconv", "math/rand/v2", "str.Atoi", "return nil"} {
		if strings.Contains(out, gone) {
			t.Errorf("stripped file still has %s:\n%s", gone, out)
		}
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, nil); err != nil {
		t.Errorf("stripped file does not type-check: %v\n%s", err, out)
	}
}

func TestStripKeepsDotImports(t *testing.T) {
	const src = "package p\n\nimport . \"strings\"\n\nfunc F() string { return ToUpper(\"x\") }\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	strip(f)
	if f.Decls[1].(*ast.FuncDecl).Body == nil {
		t.Error("a file with a dot import lost its bodies")
	}
}

// TestLoad loads a small package: its own bodies stay, those of the
// standard library go (but for the kinds that stay), and nothing has
// errors.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the standard library from source")
	}
	gopath, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  gopath,
		Env:  append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOWORK=off"),
	}
	pkgs, err := Load(cfg, "small")
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors", n)
	}
	goroot, err := GOROOT(cfg)
	if err != nil {
		t.Fatal(err)
	}
	std, own := 0, 0
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, f := range p.Syntax {
			name := p.Fset.File(f.Pos()).Name()
			inStd := strings.HasPrefix(name, filepath.Join(goroot, "src"))
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				kept := fd.Body != nil && returns(fd.Body)
				switch {
				case inStd && kept && !hasDotImport(f) && fd.Type.TypeParams.NumFields() == 0 && (fd.Recv != nil || fd.Name.Name != "init"):
					t.Errorf("%s: %s keeps its body", name, fd.Name.Name)
				case inStd && fd.Body == nil:
					std++
				case !inStd && fd.Body != nil:
					own++
				case !inStd:
					t.Errorf("%s: %s lost its body", name, fd.Name.Name)
				}
			}
		}
	})
	if std == 0 || own == 0 {
		t.Errorf("%d standard-library functions stripped, %d own functions seen", std, own)
	}
}

func hasDotImport(f *ast.File) bool {
	for _, is := range f.Imports {
		if is.Name != nil && is.Name.Name == "." {
			return true
		}
	}
	return false
}
