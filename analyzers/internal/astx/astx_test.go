package astx

import (
	"go/parser"
	"go/types"
	"testing"
)

func TestBase(t *testing.T) {
	for src, want := range map[string]string{
		"x":            "x",
		"(x)":          "x",
		"*x.f":         "x.f",
		"x.f[i]":       "x.f",
		"(*p)[i][j].g": "(*p)[i][j].g",
		"*(x.f)[1]":    "x.f",
		"pkg.G[int]":   "pkg.G",
		"G[int, bool]": "G",
		"**x":          "x",
		"f()":          "f()",
	} {
		e, err := parser.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := types.ExprString(Base(e)); got != want {
			t.Errorf("Base(%s) = %s, want %s", src, got, want)
		}
	}
}
