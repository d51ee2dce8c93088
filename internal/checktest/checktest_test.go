package checktest

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

type flagged struct{}

func (*flagged) AFact()         {}
func (*flagged) String() string { return "flagged" }

type pkgFact struct{ Name string }

func (*pkgFact) AFact()           {}
func (f *pkgFact) String() string { return "pkg " + f.Name }

// toy reports calls of functions named bad and exports a fact for
// functions named Flagged and one for the package.
var toy = &analysis.Analyzer{
	Name:      "toy",
	Doc:       "toy",
	FactTypes: []analysis.Fact{(*flagged)(nil), (*pkgFact)(nil)},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "bad" {
						pass.Reportf(n.Pos(), "call of bad")
					}
				case *ast.FuncDecl:
					if n.Name.Name == "Flagged" {
						pass.ExportObjectFact(pass.TypesInfo.Defs[n.Name].(*types.Func), &flagged{})
					}
				}
				return true
			})
		}
		if pass.Pkg.Name() == "ok" {
			pass.ExportPackageFact(&pkgFact{Name: pass.Pkg.Name()})
		}
		return nil, nil
	},
	ResultType: reflect.TypeOf(nil),
}

type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestRunMatches(t *testing.T) {
	roots := Run(t, TestData(), toy, "ok")
	if len(roots) != 1 || len(roots[0].Diagnostics) != 3 {
		t.Errorf("%d roots; want 1 with 3 diagnostics", len(roots))
	}
}

// TestRunReports: every kind of mismatch is an error.
func TestRunReports(t *testing.T) {
	var r recorder
	Run(&r, TestData(), toy, "wrong")
	got := strings.Join(r.errs, "\n")
	for _, want := range []string{
		"wrong/wrong.go:6: unexpected diagnostic: call of bad",
		"wrong/wrong.go:7: no diagnostic was reported matching `call of bad`",
		"wrong/wrong.go:8: diagnostic \"call of bad\" does not match pattern `call of good`",
		"wrong/wrong.go:9: in 'want' comment: got EOF after oops, want ':'",
		"wrong/wrong.go:9: unexpected diagnostic: call of bad",
		"wrong/wrong.go:8: no diagnostic was reported matching `call of good`",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
	if len(r.errs) != 6 {
		t.Errorf("%d errors, want 6:\n%s", len(r.errs), got)
	}
}

func TestParseExpectations(t *testing.T) {
	delta, exps, err := parseExpectations(` +2 "a" ` + "`b`" + ` F:"c"`)
	if err != nil || delta != 2 || len(exps) != 3 || exps[2].kind != "fact" || exps[2].name != "F" {
		t.Errorf("parseExpectations = %d, %v, %v", delta, exps, err)
	}
	for _, bad := range []string{`+x`, `"(" `, `F "a"`, `42`} {
		if _, _, err := parseExpectations(bad); err == nil {
			t.Errorf("parseExpectations(%q): no error", bad)
		}
	}
}
