package model_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/internal/checktest"
	"github.com/runtruth/runtruth/passes/model"
)

// probe reports, at each use of an object from another package, what the
// model says about it.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report the model's view of used objects",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				obj := pass.TypesInfo.Uses[id]
				if obj == nil || obj.Pkg() == nil || obj.Pkg() == pass.Pkg {
					return true
				}
				var notes []string
				if v, ok := obj.(*types.Var); ok {
					if r := m.GuardedField(v); r != nil {
						notes = append(notes, "guarded "+r.Short()+"."+v.Name())
					}
					if r := m.SinkField(v); r != nil {
						notes = append(notes, "sink "+r.Short()+"."+v.Name())
					}
					if r := m.RunType(v.Type()); r != nil {
						notes = append(notes, fmt.Sprintf("run %s fields=%s sinks=%s owners=%s owner=%t",
							r.Short(), strings.Join(r.Fields, ","), strings.Join(r.Sinks, ","), strings.Join(r.Owners, ","), m.IsOwner(r)))
					}
				}
				if f := m.Object(obj); f != nil {
					s := f.String()
					if f.Summary != nil && f.Summary.Registry != nil {
						s += " registry=" + f.Summary.Registry.QualifiedName()
					}
					notes = append(notes, s)
				}
				if fn, ok := obj.(*types.Func); ok && m.IsProvider(fn) {
					notes = append(notes, "provider")
				}
				for _, note := range notes {
					pass.Reportf(id.Pos(), "%s", note)
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestFactsCrossPackages(t *testing.T) {
	checktest.Run(t, checktest.TestData(), probe, "use")
}

func setFlag(t *testing.T, name, value string) {
	t.Helper()
	old := model.Analyzer.Flags.Lookup(name).Value.String()
	if err := model.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = model.Analyzer.Flags.Set(name, old) })
}

func TestConfiguredDeclarations(t *testing.T) {
	setFlag(t, "settings", `
runs:
  - type: cfgd.Job
    fields: [State]
providers:
  funcs: [cfgd.Client.Fetch]
`)
	checktest.Run(t, checktest.TestData(), probe, "cfguse")
}

// recorder captures checktest's errors.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestConfiguredNameResolvesToNothing(t *testing.T) {
	setFlag(t, "settings", "runs:\n  - type: cfgd.Nope\n")
	var rec recorder
	checktest.Run(&rec, checktest.TestData(), model.Analyzer, "cfgd")
	joined := strings.Join(rec.errs, "\n")
	if !strings.Contains(joined, "-settings:2: cfgd.Nope resolves to nothing in package cfgd") {
		t.Errorf("want a configuration error naming the entry's line, got:\n%s", joined)
	}
}

func TestConfiguredFieldMissing(t *testing.T) {
	setFlag(t, "settings", "runs:\n  - type: cfgd.Job\n    fields: [Status]\n")
	var rec recorder
	checktest.Run(&rec, checktest.TestData(), model.Analyzer, "cfgd")
	joined := strings.Join(rec.errs, "\n")
	if !strings.Contains(joined, "-settings:2: //runtruth:run fields=Status: Job has no field Status") {
		t.Errorf("want a configuration error for the missing field, got:\n%s", joined)
	}
}

func TestConfiguredRenderCallOnType(t *testing.T) {
	setFlag(t, "settings", "render-calls: [cfgd.Job]\n")
	var rec recorder
	checktest.Run(&rec, checktest.TestData(), model.Analyzer, "cfgd")
	joined := strings.Join(rec.errs, "\n")
	if !strings.Contains(joined, "-settings:1: //runtruth:rendercall applies to a func or method, not to") {
		t.Errorf("want a configuration error for a render call that is a type, got:\n%s", joined)
	}
}

func TestConfiguredProviderExcludeOnType(t *testing.T) {
	setFlag(t, "settings", "providers:\n  exclude: [cfgd.Job]\n")
	var rec recorder
	checktest.Run(&rec, checktest.TestData(), model.Analyzer, "cfgd")
	joined := strings.Join(rec.errs, "\n")
	if !strings.Contains(joined, "-settings:2: providers: exclude: applies to a func or method, not to") {
		t.Errorf("want a configuration error for an excluded provider that is a type, got:\n%s", joined)
	}
}

func TestConfiguredParamPosition(t *testing.T) {
	setFlag(t, "settings", "sinks:\n  - func: cfgd.Client.Fetch\n    params: [7]\n")
	var rec recorder
	checktest.Run(&rec, checktest.TestData(), model.Analyzer, "cfgd")
	joined := strings.Join(rec.errs, "\n")
	if !strings.Contains(joined, "-settings:2: ") || !strings.Contains(joined, "Fetch has no parameter at position 7") {
		t.Errorf("want a configuration error for the position, got:\n%s", joined)
	}
}
