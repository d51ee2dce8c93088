package runsecrets_test

import (
	"strings"
	"testing"

	"github.com/runtruth/runtruth/analyzers/runsecrets"
	"github.com/runtruth/runtruth/internal/checktest"
)

func TestRunSecrets(t *testing.T) {
	results := checktest.Run(t, checktest.TestData(), runsecrets.Analyzer,
		"app", "custom", "cfgwords", "helpers", "github.com/runtruth/runtruth/oprun")

	// The related information of a finding points at the source and at
	// each function of the chain, where the value goes on.
	type rel struct {
		line int
		msg  string
	}
	want := map[string][]rel{
		"provider error body from http.Post (app/containers.go:185) flows into run message through (*app.runner).log": {
			{185, "provider error body from http.Post is read here"},
			{181, "(*app.runner).log passes it to (*oprun.Service).Fail here"},
		},
	}
	found := map[string]bool{}
	for _, res := range results {
		fset := res.Package.Fset
		for _, d := range res.Diagnostics {
			for key, rels := range want {
				if !strings.HasPrefix(d.Message, key) {
					continue
				}
				found[key] = true
				if len(d.Related) != len(rels) {
					t.Errorf("%s: %d related, want %d: %+v", d.Message, len(d.Related), len(rels), d.Related)
					continue
				}
				for i, r := range rels {
					got := d.Related[i]
					if p := fset.Position(got.Pos); p.Line != r.line || got.Message != r.msg || !strings.HasSuffix(p.Filename, "containers.go") {
						t.Errorf("%s: related %d is %s: %q, want line %d: %q", d.Message, i, p, got.Message, r.line, r.msg)
					}
				}
			}
		}
	}
	for key := range want {
		if !found[key] {
			t.Errorf("no diagnostic starts with %q", key)
		}
	}
}
