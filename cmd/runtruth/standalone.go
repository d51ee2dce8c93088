package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/passes/config"
	"github.com/runtruth/runtruth/passes/model"
)

// Exit statuses.
const (
	exitClean    = 0
	exitFindings = 1
	exitUsage    = 2
	exitLoad     = 3
)

const usage = `runtruth keeps operation runs the single execution truth of a Go service.

Usage:
	runtruth [flags] PACKAGES
	go vet -vettool=$(command -v runtruth) [-runtruth.config=FILE] PACKAGES

Exit status: 0 no findings, 1 findings, 2 bad usage or configuration,
3 packages that failed to load or type-check.

Flags:
`

// options are the standalone driver's flags.
type options struct {
	json         bool
	dir          string
	fix          bool
	tests        bool
	tags         string
	config       string
	settings     string
	includeTests bool
}

func run(args []string, stdout, stderr io.Writer) int {
	var opts options
	fs := flag.NewFlagSet("runtruth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nChecks:")
		for _, a := range analyzers.All() {
			fmt.Fprintf(stderr, "\t%-15s %s\n", a.Name, a.Doc)
		}
	}
	fs.BoolVar(&opts.json, "json", false, "print findings as JSON, in go vet's schema (package → check → diagnostics)")
	fs.StringVar(&opts.dir, "C", "", "change to this directory before loading packages (like go -C)")
	fs.BoolVar(&opts.fix, "fix", false, "apply suggested fixes to the source files")
	fs.BoolVar(&opts.tests, "test", true, "load test files too (their findings are reported only with -include-tests)")
	fs.StringVar(&opts.tags, "tags", "", "comma-separated build tags")
	fs.StringVar(&opts.config, "config", "", "configuration file (default: "+config.FileName+" found by walking up from each package)")
	fs.StringVar(&opts.settings, "settings", "", "the whole configuration inline, as YAML or JSON")
	fs.BoolVar(&opts.includeTests, "include-tests", false, "report findings in _test.go files too")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "runtruth: no packages given; try: runtruth ./...")
		return exitUsage
	}
	if err := configure(opts); err != nil {
		fmt.Fprintf(stderr, "runtruth: %v\n", err)
		return exitUsage
	}

	pkgs, loadErrs, err := load(fs.Args(), opts)
	if err != nil {
		fmt.Fprintf(stderr, "runtruth: %v\n", err)
		return exitLoad
	}
	for _, e := range loadErrs {
		fmt.Fprintln(stderr, e)
	}

	graph, err := checker.Analyze(analyzers.All(), pkgs, nil)
	if err != nil {
		fmt.Fprintf(stderr, "runtruth: %v\n", err)
		return exitUsage
	}
	if code := analysisErrors(graph, stderr); code != exitClean {
		return code
	}

	findings := collect(graph)
	if opts.json {
		if err := graph.PrintJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "runtruth: %v\n", err)
			return exitUsage
		}
	} else {
		printText(stdout, findings, opts.dir)
	}
	if opts.fix {
		n, err := applyFixes(findings)
		if err != nil {
			fmt.Fprintf(stderr, "runtruth: -fix: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stderr, "runtruth: applied %d suggested fixes\n", n)
	}
	switch {
	case len(loadErrs) > 0:
		return exitLoad
	case len(findings) > 0:
		return exitFindings
	}
	return exitClean
}

// configure hands the configuration flags to the shared model pass.
func configure(opts options) error {
	fs := &analyzers.Model.Flags
	set := func(name, value string) error {
		if err := fs.Set(name, value); err != nil {
			return fmt.Errorf("-%s: %w", name, err)
		}
		return nil
	}
	if opts.config != "" && opts.settings != "" {
		return errors.New("use either -config or -settings, not both")
	}
	if opts.config != "" {
		// Read it now, so that a bad file is reported once, before loading.
		if _, err := config.Load(opts.config); err != nil {
			return err
		}
		if err := set("config", opts.config); err != nil {
			return err
		}
	}
	if opts.settings != "" {
		if _, err := config.Parse("-settings", []byte(opts.settings)); err != nil {
			return err
		}
		if err := set("settings", opts.settings); err != nil {
			return err
		}
	}
	if opts.includeTests {
		return set("include-tests", "true")
	}
	return nil
}

// load loads the packages with everything the analyzers need. It returns
// the packages to analyze, the load and type errors of packages that
// failed, and an error when nothing could be loaded at all.
func load(patterns []string, opts options) ([]*packages.Package, []string, error) {
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: opts.tests,
		Dir:   opts.dir,
	}
	if opts.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + opts.tags}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, fmt.Errorf("loading %s: %w", strings.Join(patterns, " "), err)
	}
	if len(pkgs) == 0 {
		return nil, nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	var errs []string
	seen := map[string]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if msg := e.Error(); !seen[msg] {
				seen[msg] = true
				errs = append(errs, msg)
			}
		}
	})
	return roots(pkgs), errs, nil
}

// roots keeps one variant of each package, as go vet does: the test
// variant "p [p.test]" (a superset) instead of p, and no test mains.
func roots(pkgs []*packages.Package) []*packages.Package {
	hasTestVariant := map[string]bool{}
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest {
			hasTestVariant[p.PkgPath] = true
		}
	}
	var out []*packages.Package
	for _, p := range pkgs {
		switch {
		case strings.HasSuffix(p.ID, ".test") && p.Name == "main" && p.ForTest == "":
			continue // the generated test main
		case p.ForTest == "" && hasTestVariant[p.PkgPath]:
			continue
		}
		out = append(out, p)
	}
	return out
}

// analysisErrors prints the errors of failed analyses. A configuration
// error is exit status 2; any other error 3.
func analysisErrors(g *checker.Graph, stderr io.Writer) int {
	code := exitClean
	seen := map[string]bool{}
	for act := range g.All() {
		if act.Err == nil {
			continue
		}
		var ce *model.ConfigError
		if errors.As(act.Err, &ce) {
			if msg := ce.Error(); !seen[msg] {
				seen[msg] = true
				fmt.Fprintf(stderr, "runtruth: %s\n", msg)
			}
			code = exitUsage
		}
	}
	if code != exitClean {
		return code
	}
	for _, act := range g.Roots {
		if act.Err != nil {
			if msg := fmt.Sprintf("runtruth: %s: %v", act.Package.PkgPath, act.Err); !seen[msg] {
				seen[msg] = true
				fmt.Fprintln(stderr, msg)
			}
			code = exitLoad
		}
	}
	return code
}

// finding is one diagnostic with its resolved position.
type finding struct {
	check string
	pkg   *packages.Package
	diag  analysis.Diagnostic
	file  string
	line  int
	col   int
}

func collect(g *checker.Graph) []finding {
	var out []finding
	seen := map[string]bool{}
	for _, act := range g.Roots {
		for _, d := range act.Diagnostics {
			p := act.Package.Fset.Position(d.Pos)
			key := fmt.Sprintf("%s:%d:%d:%s:%s", p.Filename, p.Line, p.Column, act.Analyzer.Name, d.Message)
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, finding{check: act.Analyzer.Name, pkg: act.Package, diag: d, file: p.Filename, line: p.Line, col: p.Column})
		}
	}
	sort.Slice(out, func(i, j int) bool {
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
	return out
}

func printText(w io.Writer, findings []finding, dir string) {
	wd, _ := os.Getwd()
	if dir != "" {
		if abs, err := filepath.Abs(dir); err == nil {
			wd = abs
		}
	}
	for _, f := range findings {
		fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n", relative(wd, f.file), f.line, f.col, f.diag.Message, f.check)
	}
}
