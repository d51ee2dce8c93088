package analyzers_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/internal/checkdoc"
)

func TestSuite(t *testing.T) {
	all := analyzers.All()
	if err := analysis.Validate(append(all, analyzers.Model)); err != nil {
		t.Fatal(err)
	}
	if all[len(all)-1] != analyzers.Directives {
		t.Error("directives is not the suite's last check")
	}
	for _, a := range all {
		if a.URL == "" || a.Doc == "" {
			t.Errorf("%s: missing URL or Doc", a.Name)
		}
		if a != analyzers.Directives && !slices.Contains(analyzers.Directives.Requires, a) {
			t.Errorf("directives does not require %s, so it cannot see which allows that check used", a.Name)
		}
	}
	if again := analyzers.All(); !slices.Equal(all, again) {
		t.Error("All returns different analyzers on a second call")
	}
}

// TestREADME checks the README against the checks' documentation, whose
// home is each check's doc.go: the table of checks lists every check once,
// in the suite's order, with its summary, and each has a section.
func TestREADME(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	row := regexp.MustCompile(`(?m)^\| \[([a-z]+)\]\(#([a-z]+)\) \| (.*) \|$`)
	var names []string
	summaries := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(readme, -1) {
		if m[1] != m[2] {
			t.Errorf("README table: %s links to #%s", m[1], m[2])
		}
		names = append(names, m[1])
		summaries[m[1]] = m[3]
	}
	var want []string
	for _, a := range analyzers.All() {
		want = append(want, a.Name)
		if got, doc := summaries[a.Name], checkdoc.Summary(a.Doc); got != doc {
			t.Errorf("README table: %s is %q; its doc.go says %q", a.Name, got, doc)
		}
		if !strings.Contains(readme, "\n### "+a.Name+"\n") {
			t.Errorf("README has no section ### %s", a.Name)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("README table lists %v, want the suite %v", names, want)
	}
}
