package analyzers_test

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/analyzers/directives"
	"github.com/runtruth/runtruth/passes/model"
)

func TestSuite(t *testing.T) {
	all := analyzers.All()
	if err := analysis.Validate(append(all, analyzers.Model)); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
		if a.URL == "" || a.Doc == "" {
			t.Errorf("%s: missing URL or Doc", a.Name)
		}
	}
	for _, c := range model.Checks {
		if !slices.Contains(names, c) {
			t.Errorf("check %s, which //runtruth:allow accepts, is not in the suite", c)
		}
	}
	for _, n := range names {
		if !slices.Contains(model.Checks, n) {
			t.Errorf("analyzer %s is not listed in model.Checks", n)
		}
	}
	for _, a := range all {
		if a == directives.Analyzer {
			continue
		}
		if !slices.Contains(directives.Checks, a) {
			t.Errorf("directives does not require %s, so it cannot see which allows that check used", a.Name)
		}
	}
}
