package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/analyzers/evidence"
	"github.com/runtruth/runtruth/analyzers/stalerun"
	"github.com/runtruth/runtruth/passes/config"
	"github.com/runtruth/runtruth/passes/model"
)

// The standalone driver runs its analysis through go vet: the go command
// builds the packages and their dependencies in dependency order, runs
// this executable on one package at a time (from source, its imports from
// export data, their facts from the files the tool wrote for them) and
// caches every result, keyed on the package's inputs, the executable and
// its configuration (see printToolID). So memory is that of the largest
// package, not of the module, and a second run on an unchanged tree
// replays the cache. The driver reads go vet's JSON and applies the gate
// and the output formats to it.

// toolPath returns the executable that go vet runs as its tool: this one.
// The tests, whose executable is a test binary, set it to a built runtruth.
var toolPath = os.Executable

// runGo runs a go command (go list, go vet) of the driver. The tests
// replace it to run a command once per state of the module's files
// (runGoOnce).
var runGo = (*exec.Cmd).Run

// vetResult is what one go vet run found.
type vetResult struct {
	findings []finding
	// stderr is what go vet printed on its standard error, with paths
	// relative to the directory: the errors of packages that failed to
	// load, build or type-check when failed is set, else notices such as
	// the modules it downloaded.
	stderr []string
	failed bool
	// configErrs are configuration errors that the analysis found, once
	// each; analysisErrs other errors of the analysis.
	configErrs, analysisErrs []string
	// observations are what the evidence analyzer observed in the
	// packages asked for, by position.
	observations []observation
}

// vetAnalyze runs go vet with this executable as its tool over patterns.
func vetAnalyze(patterns []string, opts options) (*vetResult, error) {
	tool, err := toolPath()
	if err != nil {
		return nil, fmt.Errorf("finding the runtruth executable for go vet: %w", err)
	}
	args := []string{"vet", "-vettool=" + tool, "-json"}
	if opts.tags != "" {
		args = append(args, "-tags="+opts.tags)
	}
	if opts.settings != "" {
		// A flag, so that go vet's cache keys on it.
		args = append(args, "-runtruth.settings="+opts.settings)
	}
	if opts.includeTests {
		args = append(args, "-runtruth.include-tests")
	}
	// Observations: what the checks saw of one package that a finding
	// needs several packages for (combineObservations).
	args = append(args, "-runtruth.observe")
	if checks, _ := selectChecks(opts.checks); checks != nil {
		// go vet reports the analyzers enabled by name, and runs what
		// they require. The shared pass is one of them, so that a
		// configuration error is still reported as such.
		args = append(args, "-"+model.Analyzer.Name, "-"+analyzers.Evidence.Name)
		for _, name := range checks {
			args = append(args, "-"+name)
		}
	}
	roots, broken, err := listPackages(opts, patterns)
	if err != nil {
		return nil, err
	}
	if len(broken) == 0 {
		args = append(args, patterns...)
	} else {
		// go vet analyzes nothing when one of its packages does not load
		// (a missing module, an import cycle): name the others instead
		// of the patterns.
		var good []string
		for path := range roots {
			if _, bad := broken[path]; !bad {
				good = append(good, path)
			}
		}
		sort.Strings(good)
		args = append(args, good...)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = opts.dir
	cmd.Env = append(os.Environ(), envVetAll+"=1")
	if opts.config != "" {
		// The environment, not -runtruth.config, so that go vet's cache
		// keys on the file's content (see printToolID).
		abs, err := filepath.Abs(opts.config)
		if err != nil {
			return nil, fmt.Errorf("-config: %w", err)
		}
		cmd.Env = append(cmd.Env, config.EnvVar+"="+abs)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	prog := &progress{w: opts.progress, start: time.Now()}
	cmd.Stderr = io.MultiWriter(&stderr, prog)
	runErr := runGo(cmd)
	if opts.progress != nil {
		fmt.Fprintf(opts.progress, "runtruth: analyzed %d packages, dependencies included, in %.1fs (results that go vet had cached are not counted)\n",
			prog.n, time.Since(prog.start).Seconds())
	}
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return nil, fmt.Errorf("running go vet: %w", runErr)
	}

	dir, err := filepath.Abs(opts.dir)
	if err != nil {
		return nil, err
	}
	res := &vetResult{}
	for _, path := range slices.Sorted(maps.Keys(broken)) {
		res.stderr = append(res.stderr, fmt.Sprintf("runtruth: %s not analyzed: %s", path, broken[path]))
		res.failed = true
	}
	lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
	for i, line := range lines {
		if line == "" || strings.HasPrefix(line, progressKey) {
			continue
		}
		if strings.HasPrefix(line, "# ") {
			// go vet's header of what the tool printed (one line, or two
			// for a command: "# p" and "# [p]"): skip it before a progress
			// line.
			j := i + 1
			for j < len(lines) && strings.HasPrefix(lines[j], "# ") {
				j++
			}
			if j < len(lines) && strings.HasPrefix(lines[j], progressKey) {
				continue
			}
		}
		res.stderr = append(res.stderr, relativeLine(dir, line))
	}
	if len(roots) == len(broken) {
		return res, nil // nothing to analyze
	}
	if err := decodeVet(&stdout, roots, res); err != nil {
		return nil, err
	}
	if runErr != nil {
		res.failed = true
		if len(res.stderr) == 0 {
			res.stderr = append(res.stderr, fmt.Sprintf("go vet: %v", runErr))
		}
	}
	if strings.Contains(stderr.String(), "matched no packages") && len(res.findings) == 0 {
		return nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	return res, nil
}

// listPackages lists the packages that patterns match, by import path,
// and those of them that do not load, or import a package that does not,
// with the error.
func listPackages(opts options, patterns []string) (roots map[string]bool, broken map[string]string, err error) {
	out, err := runGoList(opts, append([]string{"-json=ImportPath,Error,DepsErrors"}, patterns...))
	if err != nil {
		return nil, nil, err
	}
	type pkgError struct{ Err string }
	roots, broken = map[string]bool{}, map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			Error      *pkgError
			DepsErrors []*pkgError
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("reading go list's JSON: %w", err)
		}
		roots[p.ImportPath] = true
		switch {
		case p.Error != nil:
			broken[p.ImportPath] = p.Error.Err
		case len(p.DepsErrors) > 0 && p.DepsErrors[0] != nil:
			broken[p.ImportPath] = p.DepsErrors[0].Err
		}
	}
	return roots, broken, nil
}

// relativeLine makes an absolute path below dir at the start of a line of
// go vet's errors relative to dir, as the findings are.
func relativeLine(dir, line string) string {
	if rest, ok := strings.CutPrefix(line, dir+string(filepath.Separator)); ok {
		return rest
	}
	if rest, ok := strings.CutPrefix(line, "vet: "+dir+string(filepath.Separator)); ok {
		return "vet: " + rest
	}
	return line
}

// decodeVet reads the stream of go vet's JSON objects, package ID →
// analyzer → diagnostics or {"error": …}, into res: those of the
// packages whose import paths are in roots (and of their external test
// packages), not of their dependencies (see envVetAll).
func decodeVet(r io.Reader, roots map[string]bool, res *vetResult) error {
	checks := map[string]*analysis.Analyzer{}
	for _, a := range analyzers.All() {
		checks[a.Name] = a
	}
	files := newPositions()
	seen := map[string]bool{}
	results := map[string]map[string]json.RawMessage{} // package ID → check → result
	dec := json.NewDecoder(bufio.NewReader(r))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("reading go vet's JSON: %w", err)
		}
		for id, byCheck := range tree {
			if roots[strings.TrimSuffix(pkgPathOf(id), "_test")] {
				results[id] = byCheck
				continue
			}
			// A dependency's findings are not asked for, but a
			// configuration error is the whole analysis's: a name that
			// resolves to nothing in a dependency fails that package's
			// analysis and leaves its importers without its facts.
			for name, raw := range byCheck {
				var failed struct {
					Err string `json:"error"`
				}
				if json.Unmarshal(raw, &failed) == nil && isConfigError(failed.Err) {
					res.addError(id, name, failed.Err, seen)
				}
			}
		}
	}
	// A package analyzed in more than one variant (p, and "p [q.test]" for
	// the tests of a package q that imports it) reports its findings in
	// each: keep them once, in the package's own variant.
	ids := make([]string, 0, len(results))
	for id := range results {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if oi, oj := ownVariant(ids[i]), ownVariant(ids[j]); oi != oj {
			return oi
		}
		return ids[i] < ids[j]
	})
	for _, id := range ids {
		byCheck := results[id]
		pkg := &vetPkg{ID: id, PkgPath: pkgPathOf(id), Fset: files.fset}
		names := make([]string, 0, len(byCheck))
		for name := range byCheck {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			raw := byCheck[name]
			var failed struct {
				Err string `json:"error"`
			}
			if json.Unmarshal(raw, &failed) == nil && failed.Err != "" {
				res.addError(id, name, failed.Err, seen)
				continue
			}
			var diags []vetDiagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				return fmt.Errorf("reading go vet's JSON for %s: %w", id, err)
			}
			if name == analyzers.Evidence.Name {
				for _, d := range diags {
					if o, ok := files.observation(pkg, d); ok {
						res.observations = append(res.observations, o)
					}
				}
				continue
			}
			a := checks[name]
			if a == nil {
				// The shared pass reports nothing itself.
				continue
			}
			for _, d := range diags {
				f, ok := files.finding(pkg, a, d)
				if !ok {
					continue
				}
				key := fmt.Sprintf("%s:%d:%d:%s:%s", f.file, f.line, f.col, f.check, f.diag.Message)
				if !seen[key] {
					seen[key] = true
					res.findings = append(res.findings, f)
				}
			}
		}
	}
	sort.SliceStable(res.observations, func(i, j int) bool { return res.observations[i].less(res.observations[j]) })
	res.findings = combineObservations(res.findings, res.observations)
	sortFindings(res.findings)
	fingerprintAll(res.findings)
	sort.Strings(res.configErrs)
	sort.Strings(res.analysisErrs)
	return nil
}

// combineObservations applies the observations to the findings: a
// program that starts runs of a type but reaches no reconciler of it is
// not reported when another program analyzed with it (one of the packages
// asked for) reconciles that type, as a worker binary does for a web
// binary.
func combineObservations(findings []finding, observations []observation) []finding {
	reconciled := map[string]bool{}
	for _, o := range observations {
		if o.item.Kind == evidence.KindProgram {
			for _, u := range o.item.Reconciles {
				reconciled[u.Run] = true
			}
		}
	}
	return slices.DeleteFunc(findings, func(f finding) bool {
		run, ok := strings.CutPrefix(f.diag.Category, stalerun.UnreconciledCategory)
		return ok && f.check == stalerun.Analyzer.Name && reconciled[run]
	})
}

// addError records the error of analyzer name on package id: a
// configuration error once, and of the other errors those that caused
// something, not those of analyses whose prerequisites failed.
func (res *vetResult) addError(id, name, msg string, seen map[string]bool) {
	var text string
	var list *[]string
	switch {
	case isConfigError(msg):
		text, list = msg, &res.configErrs
	case strings.HasPrefix(msg, "failed prerequisites:"):
		return
	default:
		text, list = fmt.Sprintf("%s: %s: %s", pkgPathOf(id), name, msg), &res.analysisErrs
	}
	if !seen[text] {
		seen[text] = true
		*list = append(*list, text)
	}
}

// isConfigError reports whether an analysis error is a configuration
// error (model.ConfigError).
func isConfigError(msg string) bool {
	return strings.HasPrefix(msg, (&model.ConfigError{Err: errors.New("")}).Error())
}

// ownVariant reports whether a package ID names the package itself or its
// own test variant ("p", "p [p.test]", "p_test [p.test]"), not a variant
// built for the tests of another package.
func ownVariant(id string) bool {
	path, variant, ok := strings.Cut(id, " ")
	return !ok || variant == "["+strings.TrimSuffix(path, "_test")+".test]"
}

// pkgPathOf returns the package path of a package ID: p for "p [p.test]".
func pkgPathOf(id string) string {
	path, _, _ := strings.Cut(id, " ")
	return path
}

// vetPkg is what a finding knows of its package.
type vetPkg struct {
	ID, PkgPath string
	Fset        *token.FileSet
}

// positions turns go vet's "file:line:col" positions and byte offsets
// back into token positions, in one file set with a token.File for each
// file, made from the file's content once.
type positions struct {
	fset  *token.FileSet
	files map[string]*token.File // nil: unreadable
	decls map[string]*ast.File   // the syntax, for declarations; nil when it does not parse
	dfset *token.FileSet
}

func newPositions() *positions {
	return &positions{fset: token.NewFileSet(), files: map[string]*token.File{}, decls: map[string]*ast.File{}, dfset: token.NewFileSet()}
}

func (p *positions) file(name string) *token.File {
	if tf, ok := p.files[name]; ok {
		return tf
	}
	src, err := os.ReadFile(name)
	if err != nil {
		p.files[name] = nil
		return nil
	}
	tf := p.fset.AddFile(name, -1, len(src))
	tf.SetLinesForContent(src)
	p.files[name] = tf
	if strings.HasSuffix(name, ".go") {
		if f, err := parser.ParseFile(p.dfset, name, src, parser.ParseComments|parser.SkipObjectResolution); err == nil {
			p.decls[name] = f
		}
	}
	return tf
}

// pos returns the position of "file:line:col", or token.NoPos.
func (p *positions) pos(posn string) token.Pos {
	name, rest := splitPos(posn)
	var line, col int
	if parts := strings.Split(strings.TrimPrefix(rest, ":"), ":"); len(parts) == 2 {
		line, _ = strconv.Atoi(parts[0])
		col, _ = strconv.Atoi(parts[1])
	}
	tf := p.file(name)
	if tf == nil || line < 1 || line > tf.LineCount() || col < 1 {
		return token.NoPos
	}
	off := tf.Offset(tf.LineStart(line)) + col - 1
	if off > tf.Size() {
		return token.NoPos
	}
	return tf.Pos(off)
}

// offset returns the position of a byte offset in a file, or token.NoPos.
func (p *positions) offset(name string, off int) token.Pos {
	tf := p.file(name)
	if tf == nil || off < 0 || off > tf.Size() {
		return token.NoPos
	}
	return tf.Pos(off)
}

// finding rebuilds a diagnostic of check a from go vet's JSON. It reports
// false when its position is not in a readable file.
func (p *positions) finding(pkg *vetPkg, a *analysis.Analyzer, d vetDiagnostic) (finding, bool) {
	pos := p.pos(d.Posn)
	if !pos.IsValid() {
		return finding{}, false
	}
	diag := analysis.Diagnostic{Pos: pos, End: p.pos(d.End), Category: d.Category, Message: d.Message}
	for _, r := range d.Related {
		diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: p.pos(r.Posn), End: p.pos(r.End), Message: r.Message})
	}
	for _, fix := range d.SuggestedFixes {
		sf := analysis.SuggestedFix{Message: fix.Message}
		for _, e := range fix.Edits {
			sf.TextEdits = append(sf.TextEdits, analysis.TextEdit{Pos: p.offset(e.Filename, e.Start), End: p.offset(e.Filename, e.End), NewText: []byte(e.New)})
		}
		diag.SuggestedFixes = append(diag.SuggestedFixes, sf)
	}
	at := p.fset.Position(pos)
	f := finding{
		check:    a.Name,
		analyzer: a,
		pkg:      pkg,
		diag:     diag,
		file:     at.Filename,
		line:     at.Line,
		col:      at.Column,
	}
	if diag.End.IsValid() && diag.End > diag.Pos {
		f.end = p.fset.Position(diag.End)
	}
	if syntax := p.decls[at.Filename]; syntax != nil {
		if tf := p.dfset.File(syntax.Pos()); tf != nil && at.Offset <= tf.Size() {
			f.decl = enclosingDecl(syntax, tf.Pos(at.Offset))
		}
	}
	return f, true
}

// progress prints a line for each package that the tool analyzes, as it
// starts, with the time since the start of go vet: the tool names each on
// its standard error (progressKey). w is nil without -v.
type progress struct {
	w       io.Writer
	start   time.Time
	n       int
	partial []byte
}

func (p *progress) Write(b []byte) (int, error) {
	p.partial = append(p.partial, b...)
	for {
		i := bytes.IndexByte(p.partial, '\n')
		if i < 0 {
			break
		}
		if pkg, ok := bytes.CutPrefix(p.partial[:i], []byte(progressKey)); ok {
			p.n++
			if p.w != nil {
				fmt.Fprintf(p.w, "runtruth: %6.1fs %s\n", time.Since(p.start).Seconds(), pkg)
			}
		}
		p.partial = p.partial[i+1:]
	}
	return len(b), nil
}
