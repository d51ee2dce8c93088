package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// finding is one diagnostic with its resolved position and fingerprint.
type finding struct {
	check    string
	analyzer *analysis.Analyzer
	pkg      *vetPkg
	diag     analysis.Diagnostic
	file     string
	line     int
	col      int
	end      token.Position // invalid when the diagnostic has no end
	// decl describes the top-level declaration that encloses the finding
	// ("func Reset", "func Service.Start", "type Job"); "" outside any.
	decl string
	// fingerprint identifies the finding across unrelated edits; see
	// fingerprint.
	fingerprint string
}

// sortFindings sorts findings by position, then check.
func sortFindings(out []finding) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.line != b.line {
			return a.line < b.line
		}
		if a.col != b.col {
			return a.col < b.col
		}
		return a.check < b.check
	})
}

// fingerprintAll sets the fingerprint of every finding. A fingerprint
// hashes the check, the package path, the file's base name, the enclosing
// declaration, the normalized message and the finding's occurrence index
// among the findings that share all of those. It holds no line or column,
// so it survives moving code within a file, inserting lines above a
// finding and editing other declarations. The findings must be sorted by
// position.
func fingerprintAll(findings []finding) {
	occurrences := map[string]int{}
	for i := range findings {
		f := &findings[i]
		key := strings.Join([]string{f.check, f.pkg.PkgPath, filepath.Base(f.file), f.decl, normalizeMessage(f.diag.Message)}, "\x00")
		n := occurrences[key]
		occurrences[key] = n + 1
		sum := sha256.Sum256(fmt.Appendf(nil, "runtruth/v1\x00%s\x00%d", key, n))
		f.fingerprint = hex.EncodeToString(sum[:16])
	}
}

var (
	goPosition = regexp.MustCompile(`\.go:\d+(:\d+)?`)
	lineNumber = regexp.MustCompile(`\b(line|column|col) \d+\b`)
)

// normalizeMessage removes what a message may say about positions, which
// change when unrelated lines move, and collapses white space.
func normalizeMessage(msg string) string {
	msg = goPosition.ReplaceAllString(msg, ".go")
	msg = lineNumber.ReplaceAllString(msg, "$1 N")
	return strings.Join(strings.Fields(msg), " ")
}

// enclosingDecl describes the top-level declaration of f whose source,
// doc comment included, holds pos; "" when pos lies outside every
// declaration (the package clause, a file-level comment).
func enclosingDecl(f *ast.File, pos token.Pos) string {
	for _, d := range f.Decls {
		if start, end := declRange(d); start <= pos && pos < end {
			return describeDecl(d, pos)
		}
	}
	return ""
}

func declRange(d ast.Decl) (token.Pos, token.Pos) {
	start := d.Pos()
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Doc != nil {
			start = d.Doc.Pos()
		}
	case *ast.GenDecl:
		if d.Doc != nil {
			start = d.Doc.Pos()
		}
	}
	return start, d.End()
}

func describeDecl(d ast.Decl, pos token.Pos) string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) > 0 {
			if recv := recvName(d.Recv.List[0].Type); recv != "" {
				return "func " + recv + "." + d.Name.Name
			}
		}
		return "func " + d.Name.Name
	case *ast.GenDecl:
		tok := d.Tok.String()
		if d.Tok == token.IMPORT {
			return tok
		}
		for _, s := range d.Specs {
			start := s.Pos()
			if doc := specDoc(s); doc != nil {
				start = doc.Pos()
			}
			if start <= pos && pos < s.End() || len(d.Specs) == 1 {
				return tok + " " + specName(s)
			}
		}
		if len(d.Specs) > 0 {
			return tok + " (" + specName(d.Specs[0]) + " …)"
		}
		return tok
	}
	return ""
}

func specDoc(s ast.Spec) *ast.CommentGroup {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return s.Doc
	case *ast.ValueSpec:
		return s.Doc
	}
	return nil
}

func specName(s ast.Spec) string {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return s.Name.Name
	case *ast.ValueSpec:
		names := make([]string, len(s.Names))
		for i, n := range s.Names {
			names[i] = n.Name
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// recvName is the name of a receiver's base type: T for T, *T, T[K] and
// (*T[K, V]).
func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
