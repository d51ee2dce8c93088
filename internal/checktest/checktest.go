// Package checktest runs an analyzer over a GOPATH-style testdata tree (or,
// with RunModule, over a testdata module whose requirements are real
// libraries) and checks its diagnostics and facts against the "// want" comments of the
// sources, as golang.org/x/tools/go/analysis/analysistest does, with the
// same comment syntax:
//
//	x := f() // want "regexp" `another`
//	func F() {} // want F:"fact regexp"
//	package p // want package:"package fact regexp"
//
// It differs from analysistest in how it loads: with [loader.Load], which
// drops the function bodies of the standard library that no check reads.
// That makes a check's test several times cheaper (most of analysistest's
// time is type-checking the standard library), which matters under the
// race detector. Tests of suggested fixes keep using analysistest.
package checktest

import (
	"fmt"
	gotoken "go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/scanner"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/runtruth/runtruth/internal/loader"
)

// Testing is the part of *testing.T that Run uses.
type Testing interface {
	Errorf(format string, args ...any)
}

// TestData returns the absolute path of the testdata directory of the
// package under test.
func TestData() string {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		panic(err)
	}
	return dir
}

// Run loads the packages that patterns name in the GOPATH tree dir (with
// their tests), applies a to them and reports, through t, every
// diagnostic and fact of a root package that no "// want" expectation
// matches and every expectation that nothing matched. It returns the
// root actions.
func Run(t Testing, dir string, a *analysis.Analyzer, patterns ...string) []*checker.Action {
	if tb, ok := t.(testing.TB); ok {
		tb.Helper()
	}
	return run(t, dir, append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off"), a, patterns)
}

// RunModule is Run for a module: dir holds a go.mod (and go.sum) whose
// requirements are real libraries, downloaded as the go command does.
func RunModule(t Testing, dir string, a *analysis.Analyzer, patterns ...string) []*checker.Action {
	if tb, ok := t.(testing.TB); ok {
		tb.Helper()
	}
	return run(t, dir, append(os.Environ(), "GO111MODULE=on", "GOWORK=off", "GOFLAGS=-mod=readonly"), a, patterns)
}

func run(t Testing, dir string, env []string, a *analysis.Analyzer, patterns []string) []*checker.Action {
	if tb, ok := t.(testing.TB); ok {
		tb.Helper()
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Dir:   dir,
		Tests: true,
		Env:   env,
	}
	pkgs, err := loader.Load(cfg, patterns...)
	if err != nil {
		t.Errorf("loading %s: %v", patterns, err)
		return nil
	}
	for _, p := range pkgs {
		if p.Name == "" {
			t.Errorf("loading %s: %s: %v", patterns, p.PkgPath, p.Errors)
			return nil
		}
	}
	if tb, ok := t.(testing.TB); ok && !a.RunDespiteErrors {
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			for _, err := range p.Errors {
				tb.Log(err)
			}
		})
	}
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Errorf("analyzing %s: %v", patterns, err)
		return nil
	}
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Errorf("error analyzing %s: %v", act, act.Err)
			continue
		}
		check(t, dir, act)
	}
	return g.Roots
}

type key struct {
	file string
	line int
}

type expectation struct {
	kind string // "diagnostic" or "fact"
	name string // the object a fact is about, or "package"
	rx   *regexp.Regexp
}

// check matches the diagnostics and facts of act with the expectations
// of its files.
func check(t Testing, gopath string, act *checker.Action) {
	if tb, ok := t.(testing.TB); ok {
		tb.Helper()
	}
	want := map[key][]expectation{}
	for _, f := range act.Package.Syntax {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				text := strings.TrimPrefix(c.Text, "//")
				if text == c.Text {
					text = strings.TrimSuffix(strings.TrimPrefix(text, "/*"), "*/")
				}
				if i := strings.Index(text, "// want"); i >= 0 {
					text = text[i+len("// "):]
				}
				rest, ok := strings.CutPrefix(strings.TrimSpace(text), "want")
				if !ok {
					continue
				}
				posn := act.Package.Fset.Position(c.Pos())
				file := sanitize(gopath, posn.Filename)
				delta, expects, err := parseExpectations(rest)
				if err != nil {
					t.Errorf("%s:%d: in 'want' comment: %v", file, posn.Line, err)
					continue
				}
				if expects != nil {
					want[key{file, posn.Line + delta}] = expects
				}
			}
		}
	}

	report := func(posn key, kind, name, message string) {
		if tb, ok := t.(testing.TB); ok {
			tb.Helper()
		}
		expects := want[posn]
		var tried []string
		for i, exp := range expects {
			if exp.kind != kind || exp.name != name {
				continue
			}
			if exp.rx.MatchString(message) {
				want[posn] = append(expects[:i:i], expects[i+1:]...)
				return
			}
			tried = append(tried, fmt.Sprintf("%#q", exp.rx))
		}
		if tried == nil {
			t.Errorf("%s:%d: unexpected %s: %s", posn.file, posn.line, kind, message)
		} else {
			t.Errorf("%s:%d: %s %q does not match pattern %s", posn.file, posn.line, kind, message, strings.Join(tried, " or "))
		}
	}
	at := func(p gotoken.Pos) key {
		posn := act.Package.Fset.Position(p)
		return key{sanitize(gopath, posn.Filename), posn.Line}
	}

	for _, d := range act.Diagnostics {
		report(at(d.Pos), "diagnostic", "", d.Message)
	}
	for _, pf := range act.AllPackageFacts() {
		if pf.Package == act.Package.Types && len(act.Package.Syntax) > 0 {
			k := at(act.Package.Syntax[0].Pos())
			k.line = 1
			report(k, "fact", "package", fmt.Sprint(pf.Fact))
		}
	}
	ofs := act.AllObjectFacts()
	sort.Slice(ofs, func(i, j int) bool { return ofs[i].Object.Pos() < ofs[j].Object.Pos() })
	for _, of := range ofs {
		if obj := of.Object; obj.Pkg() == act.Package.Types {
			report(at(obj.Pos()), "fact", obj.Name(), fmt.Sprint(of.Fact))
		}
	}

	var surplus []string
	for k, expects := range want {
		for _, exp := range expects {
			surplus = append(surplus, fmt.Sprintf("%s:%d: no %s was reported matching %#q", k.file, k.line, exp.kind, exp.rx))
		}
	}
	sort.Strings(surplus)
	for _, s := range surplus {
		t.Errorf("%s", s)
	}
}

// parseExpectations parses what follows "want" in a comment: an optional
// line delta (+N), then diagnostic patterns ("rx") and fact patterns
// (name:"rx").
func parseExpectations(text string) (lineDelta int, expects []expectation, err error) {
	var scanErr string
	sc := new(scanner.Scanner).Init(strings.NewReader(text))
	sc.Error = func(_ *scanner.Scanner, msg string) { scanErr = msg }
	sc.Mode = scanner.ScanIdents | scanner.ScanStrings | scanner.ScanRawStrings | scanner.ScanInts
	pattern := func(tok rune) (*regexp.Regexp, error) {
		if tok != scanner.String && tok != scanner.RawString {
			return nil, fmt.Errorf("got %s, want a regular expression", scanner.TokenString(tok))
		}
		s, err := strconv.Unquote(sc.TokenText())
		if err != nil {
			return nil, err
		}
		return regexp.Compile(s)
	}
	for {
		switch tok := sc.Scan(); tok {
		case '+':
			if tok := sc.Scan(); tok != scanner.Int {
				return 0, nil, fmt.Errorf("got +%s, want +N", scanner.TokenString(tok))
			}
			lineDelta, _ = strconv.Atoi(sc.TokenText())
		case scanner.String, scanner.RawString:
			rx, err := pattern(tok)
			if err != nil {
				return 0, nil, err
			}
			expects = append(expects, expectation{"diagnostic", "", rx})
		case scanner.Ident:
			name := sc.TokenText()
			if tok := sc.Scan(); tok != ':' {
				return 0, nil, fmt.Errorf("got %s after %s, want ':'", scanner.TokenString(tok), name)
			}
			rx, err := pattern(sc.Scan())
			if err != nil {
				return 0, nil, err
			}
			expects = append(expects, expectation{"fact", name, rx})
		case scanner.EOF:
			if scanErr != "" {
				return 0, nil, fmt.Errorf("%s", scanErr)
			}
			return lineDelta, expects, nil
		default:
			return 0, nil, fmt.Errorf("unexpected %s", scanner.TokenString(tok))
		}
	}
}

// sanitize returns filename relative to the GOPATH tree's src directory,
// with forward slashes.
func sanitize(gopath, filename string) string {
	prefix := gopath + string(os.PathSeparator) + "src" + string(os.PathSeparator)
	return filepath.ToSlash(strings.TrimPrefix(filename, prefix))
}
