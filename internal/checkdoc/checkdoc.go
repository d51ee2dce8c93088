// Package checkdoc takes a check's documentation from the package doc
// comment of its doc.go, so that the comment is the one home of the text
// that go doc, the Analyzer's Doc, runtruth -help and the README show.
//
// A check's doc.go holds a section of this form in its package comment:
//
//	// # Analyzer NAME
//	//
//	// NAME: a one-paragraph summary
//	//
//	// The full description...
//
// and embeds itself:
//
//	//go:embed doc.go
//	var doc string
package checkdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the section "# Analyzer name" of the package doc comment
// of src, the contents of a doc.go file, in the form Analyzer.Doc expects:
// the text after "name:", whose first paragraph, the summary, is joined
// into one line.
func Extract(src, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("checkdoc: %w", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("checkdoc: doc.go of %s has no package comment", name)
	}
	heading := "# Analyzer " + name + "\n"
	text := f.Doc.Text()
	start := strings.Index(text, heading)
	if start < 0 || (start > 0 && text[start-1] != '\n') {
		return "", fmt.Errorf("checkdoc: the package comment has no heading %q", strings.TrimSpace(heading))
	}
	body := text[start+len(heading):]
	if end := strings.Index(body, "\n# "); end >= 0 {
		body = body[:end]
	}
	body = strings.TrimSpace(body)
	rest, ok := strings.CutPrefix(body, name+":")
	if !ok {
		return "", fmt.Errorf("checkdoc: heading %q is not followed by a line %q", strings.TrimSpace(heading), name+": summary")
	}
	summary, details, _ := strings.Cut(strings.TrimSpace(rest), "\n\n")
	summary = strings.Join(strings.Fields(summary), " ")
	if summary == "" {
		return "", fmt.Errorf("checkdoc: %s has an empty summary", name)
	}
	if details = strings.TrimSpace(details); details == "" {
		return summary, nil
	}
	return summary + "\n\n" + details, nil
}

// MustExtract is Extract for a package variable's initializer: a doc.go
// without the section is a programming error, caught by any test of the
// check.
func MustExtract(src, name string) string {
	doc, err := Extract(src, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Summary returns the first paragraph of an Analyzer's Doc: one line.
func Summary(doc string) string {
	s, _, _ := strings.Cut(doc, "\n\n")
	return s
}
