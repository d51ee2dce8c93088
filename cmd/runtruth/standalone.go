package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/config"
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

As a pre-merge gate:
	runtruth -format sarif ./... > runtruth.sarif      # code scanning
	runtruth -format github ./...                      # workflow annotations
	runtruth -write-baseline runtruth-baseline.json ./...
	runtruth -baseline runtruth-baseline.json ./...    # only new findings fail
	runtruth -new-from-rev origin/main ./...           # only changed lines

Exit status: 0 no findings, 1 findings, 2 bad usage or configuration,
3 packages that failed to load or type-check. Findings accepted by a
baseline, or off the lines changed since -new-from-rev, do not count.

Flags:
`

// options are the standalone driver's flags.
type options struct {
	json          bool
	format        string
	baseline      string
	writeBaseline string
	newFromRev    string
	dir           string
	fix           bool
	tags          string
	config        string
	settings      string
	includeTests  bool
	checks        string
	// progress receives a line for each package go vet reports, and a
	// summary (-v); nil for none.
	progress io.Writer

	// observations are the evidence analyzer's, for -format evidence.
	observations []observation

	// cfg is the configuration in effect for the working directory (nil
	// when there is none): the levels of the findings come from it.
	cfg *config.Config
}

// level returns the level of a check's findings in SARIF and GitHub
// annotations: its severity in the configuration, or error.
func (o *options) level(check string) string {
	if o.cfg == nil {
		return "error"
	}
	return o.cfg.Level(check)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && args[0] == "version" {
		fmt.Fprintln(stdout, "runtruth", version())
		return exitClean
	}
	if len(args) > 0 && args[0] == "help" {
		return help(args[1:], stdout, stderr)
	}
	var opts options
	fs := flag.NewFlagSet("runtruth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nChecks:")
		for _, a := range analyzers.All() {
			fmt.Fprintf(stderr, "\t%-15s %s\n", a.Name, checkdoc.Summary(a.Doc))
		}
	}
	fs.BoolVar(&opts.json, "json", false, "print findings as JSON, in go vet's schema (package → check → diagnostics); the same as -format json")
	fs.StringVar(&opts.format, "format", "", "output format: text, json (go vet's schema), sarif (SARIF 2.1.0), github (GitHub Actions workflow annotations), evidence (Markdown: run types, start sites, lifecycle calls, programs, summary keys, proof types, render paths, allows and findings, for a pull request) or evidence-json (default text); several, comma-separated, with FORMAT=FILE for all but one: sarif=runtruth.sarif,github")
	fs.StringVar(&opts.baseline, "baseline", "", "accept the findings recorded in this baseline file; only new findings are reported and fail")
	fs.StringVar(&opts.writeBaseline, "write-baseline", "", "record today's findings in this baseline file, then report only findings it does not hold (none)")
	fs.StringVar(&opts.newFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision (git diff REV; untracked files count as new)")
	fs.StringVar(&opts.dir, "C", "", "change to this directory before loading packages (like go -C)")
	fs.BoolVar(&opts.fix, "fix", false, "apply suggested fixes to the source files (exit status 0 when every finding was fixed)")
	fs.StringVar(&opts.tags, "tags", "", "comma-separated build tags")
	fs.StringVar(&opts.config, "config", "", "configuration file (default: $"+config.EnvVar+", else "+config.FileName+" found by walking up from each package)")
	fs.StringVar(&opts.settings, "settings", "", "the whole configuration inline, as YAML or JSON")
	fs.BoolVar(&opts.includeTests, "include-tests", false, "report findings in _test.go files too")
	fs.StringVar(&opts.checks, "checks", "all", "the checks to report, comma-separated: all, NAME, -NAME (all,-dupetruth: every check but dupetruth)")
	verbose := fs.Bool("v", false, "print progress on standard error: each package as go vet reports it, with the time since the start, and a summary")
	showVersion := fs.Bool("version", false, "print runtruth's version and exit (also: runtruth version)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	if opts.config == "" && opts.settings == "" {
		// The configuration file the environment names, as under go vet.
		opts.config = os.Getenv(config.EnvVar)
	}
	if *showVersion {
		fmt.Fprintln(stdout, "runtruth", version())
		return exitClean
	}
	if *verbose {
		opts.progress = stderr
	}
	if opts.dir != "" {
		if fi, err := os.Stat(opts.dir); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(stderr, "runtruth: -C %s: no such directory\n", opts.dir)
			return exitUsage
		} else if err != nil {
			fmt.Fprintf(stderr, "runtruth: -C: %v\n", err)
			return exitUsage
		} else if !fi.IsDir() {
			fmt.Fprintf(stderr, "runtruth: -C %s: not a directory\n", opts.dir)
			return exitUsage
		}
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "runtruth: no packages given; try: runtruth ./...")
		return exitUsage
	}
	if _, err := selectChecks(opts.checks); err != nil {
		fmt.Fprintf(stderr, "runtruth: -checks: %v\n", err)
		return exitUsage
	}
	formats, err := outputFormats(opts)
	if err != nil {
		fmt.Fprintf(stderr, "runtruth: %v\n", err)
		return exitUsage
	}
	var accepted *baseline
	if opts.baseline != "" {
		if accepted, err = readBaseline(opts.baseline); err != nil {
			fmt.Fprintf(stderr, "runtruth: %v\n", err)
			return exitUsage
		}
	}
	// Read the configuration now, so that a bad file is reported once,
	// before loading.
	cfg, err := readConfig(opts)
	if err == nil && cfg != nil {
		err = cfg.CheckNames(analyzers.Names())
	}
	if err != nil {
		fmt.Fprintf(stderr, "runtruth: %v\n", err)
		return exitUsage
	}

	opts.cfg = cfg

	if err := checkConfigPackages(cfg, fs.Args(), opts); err != nil {
		fmt.Fprintf(stderr, "runtruth: %v\n", err)
		return exitUsage
	}

	res, err := vetAnalyze(fs.Args(), opts)
	if err != nil {
		fmt.Fprintf(stderr, "runtruth: %v\n", err)
		return exitLoad
	}
	// A configuration error stops here; packages that failed to load or be
	// analyzed still let every other package's findings through, with
	// exit status 3 at the end.
	if len(res.configErrs) > 0 {
		for _, e := range res.configErrs {
			fmt.Fprintf(stderr, "runtruth: %s\n", e)
		}
		return exitUsage
	}
	for _, line := range res.stderr {
		fmt.Fprintln(stderr, line)
	}
	var loadErrs []string
	if res.failed {
		loadErrs = res.stderr
	}
	for _, e := range res.analysisErrs {
		fmt.Fprintf(stderr, "runtruth: %s\n", e)
	}

	opts.observations = res.observations
	all := res.findings
	findings, code := gate(all, accepted, opts, stderr)
	if code != exitClean {
		return code
	}
	if err := outputs(stdout, formats, findings, loadErrs, opts); err != nil {
		fmt.Fprintf(stderr, "runtruth: %v\n", err)
		return exitUsage
	}
	if len(findings) > 0 {
		fmt.Fprintf(stderr, "runtruth: %s\n", countLine(findings))
	}
	fixed := 0 // findings whose suggested fix -fix applied
	if opts.fix {
		n, err := applyFixes(findings)
		if err != nil {
			fmt.Fprintf(stderr, "runtruth: -fix: %v\n", err)
			return exitUsage
		}
		fixed = n
		noun := "suggested fixes"
		if n == 1 {
			noun = "suggested fix"
		}
		fmt.Fprintf(stderr, "runtruth: applied %d %s; %d of %d findings left\n", n, noun, len(findings)-n, len(findings))
	}
	switch {
	case res.failed || len(res.analysisErrs) > 0:
		return exitLoad
	case len(findings) > fixed:
		return exitFindings
	}
	return exitClean
}

// gate applies -write-baseline, -baseline and -new-from-rev to today's
// findings and returns those that fail the gate. It reports what the
// baselines accepted, and how many of their entries no longer match, on
// stderr.
func gate(all []finding, accepted *baseline, opts options, stderr io.Writer) ([]finding, int) {
	findings := all
	if opts.writeBaseline != "" {
		written := newBaseline(all)
		if err := written.write(opts.writeBaseline); err != nil {
			fmt.Fprintf(stderr, "runtruth: %v\n", err)
			return nil, exitUsage
		}
		fmt.Fprintf(stderr, "runtruth: wrote %d findings to baseline %s\n", len(written.Findings), opts.writeBaseline)
		if accepted != nil {
			_, stale := accepted.filter(all)
			fmt.Fprintf(stderr, "runtruth: %d entries of baseline %s no longer match a finding (fixed or changed)\n", stale, opts.baseline)
		}
		accepted = written
		opts.baseline = opts.writeBaseline
	}
	if accepted != nil {
		var stale int
		findings, stale = accepted.filter(findings)
		if opts.writeBaseline == "" {
			fmt.Fprintf(stderr, "runtruth: baseline %s accepted %d findings; %d new; %d baseline entries no longer match a finding", opts.baseline, len(all)-len(findings), len(findings), stale)
			if stale > 0 {
				fmt.Fprintf(stderr, " (fixed or changed: rewrite the baseline with -write-baseline to drop them)")
			}
			fmt.Fprintln(stderr)
		}
	}
	if opts.newFromRev != "" {
		changed, err := changedLines(opts.dir, opts.newFromRev)
		if err != nil {
			fmt.Fprintf(stderr, "runtruth: -new-from-rev: %v\n", err)
			return nil, exitUsage
		}
		before := len(findings)
		findings = changed.filter(findings)
		fmt.Fprintf(stderr, "runtruth: %d of %d findings are on lines changed since %s\n", len(findings), before, opts.newFromRev)
	}
	return findings, exitClean
}

// readConfig reads the configuration in effect: the -config file, the
// -settings value, or the file discovered from the working directory (or
// -C), so that a bad one is reported once, before any package is
// analyzed. It returns nil when there is none.
func readConfig(opts options) (*config.Config, error) {
	switch {
	case opts.config != "" && opts.settings != "":
		return nil, errors.New("use either -config or -settings, not both")
	case opts.config != "":
		return config.Load(opts.config)
	case opts.settings != "":
		return config.Parse("-settings", []byte(opts.settings))
	}
	dir := opts.dir
	if dir == "" {
		dir = "."
	}
	file, err := config.Find(dir, true)
	if err != nil || file == "" {
		return nil, err
	}
	return config.Load(file)
}

// checkConfigPackages reports the packages that the configuration in
// effect names and that do not exist: a misspelled import path matches
// nothing, and a gate that silently matches nothing is the most
// dangerous default. A named package that is merely outside the patterns
// is fine; the go command tells the two apart.
func checkConfigPackages(cfg *config.Config, patterns []string, opts options) error {
	if cfg == nil {
		return nil
	}
	refs := cfg.PackageRefs()
	if len(refs) == 0 {
		return nil
	}
	var paths []string
	for _, ref := range refs {
		paths = append(paths, ref.Path)
	}
	problem, err := goList(opts, "{{.ImportPath}}\t{{if .Error}}{{.Error.Err}}{{end}}", paths)
	if err != nil {
		return fmt.Errorf("checking the packages the configuration names: %w", err)
	}
	var errs []string
	var modules map[string]bool
	for _, ref := range refs {
		msg := problem[ref.Path]
		if msg == "" {
			continue
		}
		msg, _, _ = strings.Cut(msg, "; to add it")
		text := fmt.Sprintf("package %s does not exist: %s", ref.Path, msg)
		if modules == nil {
			// The modules in view, for a path without its major version.
			mods, err := goList(opts, "{{with .Module}}{{.Path}}\t{{end}}", append([]string{"-deps"}, patterns...))
			if err != nil {
				return fmt.Errorf("checking the packages the configuration names: %w", err)
			}
			modules = map[string]bool{}
			for m := range mods {
				modules[m] = true
			}
		}
		if s := versionedPath(ref.Path, modules); s != "" {
			text += fmt.Sprintf(" (did you mean %s?)", s)
		}
		errs = append(errs, (&config.Error{File: cfg.File, Line: ref.Line, Msg: text}).Error())
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\nruntruth: "))
	}
	return nil
}

// goList runs go list -e with a template that prints "key\tvalue" lines
// and returns the values by key.
func goList(opts options, format string, args []string) (map[string]string, error) {
	out, err := runGoList(opts, append([]string{"-f", format}, args...))
	if err != nil {
		return nil, err
	}
	values := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if key, value, ok := strings.Cut(line, "\t"); ok {
			values[key] = value
		}
	}
	return values, nil
}

// runGoList runs go list -e in the driver's directory, with its build
// tags, and returns its standard output.
func runGoList(opts options, args []string) ([]byte, error) {
	list := []string{"list", "-e"}
	if opts.tags != "" {
		list = append(list, "-tags="+opts.tags)
	}
	cmd := exec.Command("go", append(list, args...)...)
	cmd.Dir = opts.dir
	var stdout bytes.Buffer
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := runGo(cmd); err != nil {
		return nil, fmt.Errorf("go list: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// versionedPath returns path with the major version suffix of a module
// in view that path names without it (github.com/o/r/pkg for the module
// github.com/o/r/v4), or "".
func versionedPath(path string, modules map[string]bool) string {
	for m := range modules {
		i := strings.LastIndex(m, "/v")
		if i < 0 || strings.Trim(m[i+2:], "0123456789") != "" || m[i+2:] == "" {
			continue
		}
		base := m[:i]
		if rest, ok := strings.CutPrefix(path, base); ok && (rest == "" || rest[0] == '/') {
			return m + rest
		}
	}
	return ""
}

// splitPos splits "file:line:col" (or "file:line") into the file and the
// rest, ":line:col".
func splitPos(pos string) (file, rest string) {
	file = pos
	for range 2 {
		i := strings.LastIndexByte(file, ':')
		if i < 0 || i == len(file)-1 || strings.Trim(file[i+1:], "0123456789") != "" {
			break
		}
		file = file[:i]
	}
	return file, pos[len(file):]
}

// version is runtruth's version: the module's, when it was built from a
// published version, or "devel" with the VCS revision (and "+dirty" for
// uncommitted changes) of a build from a checkout.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return "devel"
	}
	return "devel " + rev + dirty
}

// help prints the checks, one line each, or one check's documentation.
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stdout, "runtruth's checks (runtruth help CHECK for one):")
		for _, a := range analyzers.All() {
			fmt.Fprintf(stdout, "\t%-15s %s\n", a.Name, checkdoc.Summary(a.Doc))
		}
		return exitClean
	}
	if len(args) > 1 {
		fmt.Fprintln(stderr, "runtruth: help takes one check; try: runtruth help directwrite")
		return exitUsage
	}
	for _, a := range analyzers.All() {
		if a.Name == args[0] {
			fmt.Fprintf(stdout, "%s: %s\n\n%s\n", a.Name, a.Doc, a.URL)
			return exitClean
		}
	}
	fmt.Fprintf(stderr, "runtruth: no check %q (checks: %s)\n", args[0], strings.Join(analyzers.Names(), ", "))
	return exitUsage
}

// selectChecks resolves a selection of checks (-checks, or the
// configuration's checks: key) among the suite's: the selected names, or
// nil for all of them (see config.Select).
func selectChecks(spec string) ([]string, error) {
	return config.Select(spec, analyzers.Names())
}

// countLine summarizes findings: "22 findings (directwrite 11, runsecrets
// 2, …)", the checks by number of findings, then name.
func countLine(findings []finding) string {
	byCheck := map[string]int{}
	for _, f := range findings {
		byCheck[f.check]++
	}
	checks := make([]string, 0, len(byCheck))
	for c := range byCheck {
		checks = append(checks, c)
	}
	sort.Slice(checks, func(i, j int) bool {
		if byCheck[checks[i]] != byCheck[checks[j]] {
			return byCheck[checks[i]] > byCheck[checks[j]]
		}
		return checks[i] < checks[j]
	})
	parts := make([]string, len(checks))
	for i, c := range checks {
		parts[i] = fmt.Sprintf("%s %d", c, byCheck[c])
	}
	noun := "findings"
	if len(findings) == 1 {
		noun = "finding"
	}
	return fmt.Sprintf("%d %s (%s)", len(findings), noun, strings.Join(parts, ", "))
}
