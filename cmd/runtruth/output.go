package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Output formats.
const (
	formatText   = "text"
	formatJSON   = "json"
	formatSARIF  = "sarif"
	formatGitHub = "github"
)

// formatNames lists the output formats, for -format's messages.
const formatNames = "text, json, sarif, github, evidence or evidence-json"

// An outputSpec is one output of a run: a format, written to a file, or
// to the standard output when file is "".
type outputSpec struct {
	format, file string
}

// outputFormats resolves -format, a comma-separated list of FORMAT or
// FORMAT=FILE (sarif=runtruth.sarif,github: one analysis, two outputs), and
// its older spelling -json. At most one output goes to the standard
// output.
func outputFormats(opts options) ([]outputSpec, error) {
	if opts.format == "" {
		if opts.json {
			return []outputSpec{{format: formatJSON}}, nil
		}
		return []outputSpec{{format: formatText}}, nil
	}
	var specs []outputSpec
	toStdout := 0
	for _, item := range strings.Split(opts.format, ",") {
		format, file, _ := strings.Cut(strings.TrimSpace(item), "=")
		switch format {
		case formatText, formatSARIF, formatGitHub, formatEvidence, formatEvidenceJSON:
			if opts.json {
				return nil, fmt.Errorf("-json conflicts with -format %s", format)
			}
		case formatJSON:
		default:
			return nil, fmt.Errorf("unknown -format %q: use %s, or FORMAT=FILE, comma-separated", format, formatNames)
		}
		if file == "" {
			toStdout++
		}
		specs = append(specs, outputSpec{format: format, file: file})
	}
	if toStdout > 1 {
		return nil, fmt.Errorf("-format %s: more than one output to the standard output; write the others to files (FORMAT=FILE)", opts.format)
	}
	return specs, nil
}

// outputs prints the findings that fail the gate in every chosen format.
func outputs(stdout io.Writer, specs []outputSpec, findings []finding, loadErrs []string, opts options) error {
	for _, spec := range specs {
		if spec.file == "" {
			if err := output(stdout, spec.format, findings, loadErrs, opts); err != nil {
				return err
			}
			continue
		}
		var buf bytes.Buffer
		if err := output(&buf, spec.format, findings, loadErrs, opts); err != nil {
			return err
		}
		if err := os.WriteFile(spec.file, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing -format %s output: %w", spec.format, err)
		}
	}
	return nil
}

// output prints the findings that fail the gate in one format.
func output(w io.Writer, format string, findings []finding, loadErrs []string, opts options) error {
	switch format {
	case formatJSON:
		return printVetJSON(w, findings)
	case formatSARIF:
		return printSARIF(w, findings, loadErrs, newSources(opts.dir), opts.level)
	case formatGitHub:
		return printGitHub(w, findings, newSources(opts.dir), opts.level)
	case formatEvidence, formatEvidenceJSON:
		ev, err := opts.evidence(findings)
		if err != nil {
			return err
		}
		if format == formatEvidence {
			return printEvidence(w, ev)
		}
		return printEvidenceJSON(w, ev)
	}
	printText(w, findings, opts.dir)
	return nil
}

func printText(w io.Writer, findings []finding, dir string) {
	wd := workDir(dir)
	for _, f := range findings {
		fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n", relative(wd, f.file), f.line, f.col, f.diag.Message, f.check)
	}
}

// The JSON schema of go vet and x/tools' drivers: package ID → analyzer
// name → diagnostics.
type (
	vetTextEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	vetSuggestedFix struct {
		Message string        `json:"message"`
		Edits   []vetTextEdit `json:"edits"`
	}
	vetRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	vetDiagnostic struct {
		Category       string            `json:"category,omitempty"`
		Posn           string            `json:"posn"`
		End            string            `json:"end"`
		Message        string            `json:"message"`
		SuggestedFixes []vetSuggestedFix `json:"suggested_fixes,omitempty"`
		Related        []vetRelated      `json:"related,omitempty"`
	}
)

// printVetJSON prints the findings in go vet's JSON schema, as
// (*checker.Graph).PrintJSON does, but only those that fail the gate.
func printVetJSON(w io.Writer, findings []finding) error {
	tree := map[string]map[string][]vetDiagnostic{}
	for _, f := range findings {
		fset := f.pkg.Fset
		d := f.diag
		var fixes []vetSuggestedFix
		for _, fix := range d.SuggestedFixes {
			var edits []vetTextEdit
			for _, e := range fix.TextEdits {
				edits = append(edits, vetTextEdit{
					Filename: fset.Position(e.Pos).Filename,
					Start:    fset.Position(e.Pos).Offset,
					End:      fset.Position(e.End).Offset,
					New:      string(e.NewText),
				})
			}
			fixes = append(fixes, vetSuggestedFix{Message: fix.Message, Edits: edits})
		}
		var related []vetRelated
		for _, r := range d.Related {
			related = append(related, vetRelated{
				Posn:    fset.Position(r.Pos).String(),
				End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
				Message: r.Message,
			})
		}
		byCheck := tree[f.pkg.ID]
		if byCheck == nil {
			byCheck = map[string][]vetDiagnostic{}
			tree[f.pkg.ID] = byCheck
		}
		byCheck[f.check] = append(byCheck[f.check], vetDiagnostic{
			Category:       d.Category,
			Posn:           fset.Position(d.Pos).String(),
			End:            fset.Position(cmp.Or(d.End, d.Pos)).String(),
			Message:        d.Message,
			SuggestedFixes: fixes,
			Related:        related,
		})
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// printGitHub prints one GitHub Actions workflow command per finding:
//
//	::error file=F,line=L,col=C,endLine=L,endColumn=C,title=runtruth/CHECK::MESSAGE
//
// ::warning or ::notice instead of ::error for a check whose severity is
// warning or note.
func printGitHub(w io.Writer, findings []finding, src *sources, level func(check string) string) error {
	var buf bytes.Buffer
	for _, f := range findings {
		line, col := src.column(f.file, f.line, f.col)
		props := []string{
			"file=" + escapeProperty(src.uri(f.file)),
			fmt.Sprintf("line=%d", line),
			fmt.Sprintf("col=%d", col),
		}
		if f.end.IsValid() {
			el, ec := src.column(f.end.Filename, f.end.Line, f.end.Column)
			props = append(props, fmt.Sprintf("endLine=%d", el), fmt.Sprintf("endColumn=%d", ec))
		}
		props = append(props, "title="+escapeProperty("runtruth/"+f.check))
		command := map[string]string{"warning": "warning", "note": "notice"}[level(f.check)]
		if command == "" {
			command = "error"
		}
		fmt.Fprintf(&buf, "::%s %s::%s\n", command, strings.Join(props, ","), escapeData(f.diag.Message))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// escapeData escapes the message of a workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// sources turns findings' absolute file names into paths relative to the
// source root (the git work tree that holds the packages, else the
// working directory, which -C sets) and Go's byte columns into UTF-16 code unit
// columns, the unit of SARIF (columnKind utf16CodeUnits) and GitHub.
type sources struct {
	root  string            // absolute, "" when unknown
	real  string            // root with symbolic links resolved
	files map[string][]byte // file contents, read on demand
}

func newSources(dir string) *sources {
	s := &sources{files: map[string][]byte{}}
	if top, err := gitTopLevel(dir); err == nil {
		s.root = top
	} else if dir != "" {
		// -C dir: the working directory the tool acts in.
		if abs, err := filepath.Abs(dir); err == nil {
			s.root = abs
		}
	} else if wd, err := os.Getwd(); err == nil {
		s.root = wd
	}
	if s.root != "" {
		if r, err := filepath.EvalSymlinks(s.root); err == nil {
			s.real = r
		}
	}
	return s
}

// rel returns file relative to the source root, with forward slashes,
// and whether file lies below it.
func (s *sources) rel(file string) (string, bool) {
	for _, root := range []string{s.root, s.real} {
		if root == "" {
			continue
		}
		if r, err := filepath.Rel(root, file); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(r), true
		}
	}
	if s.real != "" {
		if real, err := filepath.EvalSymlinks(file); err == nil {
			if r, err := filepath.Rel(s.real, real); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				return filepath.ToSlash(r), true
			}
		}
	}
	return filepath.ToSlash(file), false
}

// uri is file relative to the source root, or absolute when it lies
// elsewhere.
func (s *sources) uri(file string) string {
	r, _ := s.rel(file)
	return r
}

// column converts a 1-based byte column of a line into a 1-based UTF-16
// column. It returns the position unchanged when the file cannot be read.
func (s *sources) column(file string, line, col int) (int, int) {
	data, ok := s.files[file]
	if !ok {
		data, _ = os.ReadFile(file)
		s.files[file] = data
	}
	start := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[start:], '\n')
		if i < 0 {
			return line, col
		}
		start += i + 1
	}
	if col < 1 || start+col-1 > len(data) {
		return line, col
	}
	prefix := data[start : start+col-1]
	n := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRune(prefix)
		prefix = prefix[size:]
		if r == utf8.RuneError && size == 1 {
			n++
			continue
		}
		n += utf16.RuneLen(r)
	}
	return line, n + 1
}

// gitTopLevel returns the root of the git work tree that holds dir ("" is
// the working directory).
func gitTopLevel(dir string) (string, error) {
	cmd := exec.Command("git", "rev-parse", "--show-toplevel")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	top := strings.TrimSpace(string(out))
	if top == "" {
		return "", errors.New("git rev-parse --show-toplevel printed nothing")
	}
	return filepath.FromSlash(top), nil
}
