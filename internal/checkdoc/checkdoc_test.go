package checkdoc

import (
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	const src = `// Package halting defines an analyzer.
//
// # Analyzer halting
//
// halting: report loops that
// never end
//
// The analyzer reports for loops without a break.
//
// Second paragraph.
//
// # Analyzer other
//
// other: something else
package halting
`
	doc, err := Extract(src, "halting")
	if err != nil {
		t.Fatal(err)
	}
	want := "report loops that never end\n\nThe analyzer reports for loops without a break.\n\nSecond paragraph."
	if doc != want {
		t.Errorf("Extract = %q, want %q", doc, want)
	}
	if got := Summary(doc); got != "report loops that never end" {
		t.Errorf("Summary = %q", got)
	}
	if doc, err := Extract(src, "other"); err != nil || doc != "something else" {
		t.Errorf("Extract(other) = %q, %v", doc, err)
	}
}

func TestExtractErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"no comment", "package p\n", "no package comment"},
		{"not Go", "// x\npackag p\n", "checkdoc:"},
		{"no heading", "// Package p.\npackage p\n", `no heading "# Analyzer halting"`},
		{"prefix of another name", "// # Analyzer haltingx\n//\n// haltingx: y\npackage p\n", "no heading"},
		{"no summary line", "// # Analyzer halting\n//\n// Reports loops.\npackage p\n", `not followed by a line "halting: summary"`},
		{"empty summary", "// # Analyzer halting\n//\n// halting:\npackage p\n", "empty summary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Extract(tc.src, "halting")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Extract: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
