package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/analyzers/evidence"
	"github.com/runtruth/runtruth/passes/config"
)

// The evidence: what a reviewer asks of a change that touches operation
// runs, from the analysis itself. The evidence analyzer observes each
// package (run types, start sites, lifecycle calls, programs, summary
// keys, proof types, render entry points, allows); the driver collects
// the observations of the packages asked for and prints them, with the
// findings, as Markdown (-format evidence) or JSON (-format evidence-json).

// Evidence output formats.
const (
	formatEvidence     = "evidence"
	formatEvidenceJSON = "evidence-json"
)

// An observation is an evidence item at its position.
type observation struct {
	item      evidence.Item
	pkg       string // the package's import path
	file      string // absolute
	line, col int
}

func (o observation) less(p observation) bool {
	return cmp.Or(cmp.Compare(o.file, p.file), cmp.Compare(o.line, p.line), cmp.Compare(o.col, p.col)) < 0
}

// observation rebuilds an evidence analyzer's diagnostic.
func (p *positions) observation(pkg *vetPkg, d vetDiagnostic) (observation, bool) {
	item, ok := evidence.Decode(d.Message)
	if !ok {
		return observation{}, false
	}
	pos := p.pos(d.Posn)
	if !pos.IsValid() {
		return observation{}, false
	}
	at := p.fset.Position(pos)
	return observation{item: item, pkg: pkg.PkgPath, file: at.Filename, line: at.Line, col: at.Column}, true
}

// Site is a place in the source, relative to the working directory.
type Site struct {
	At  string `json:"at"`           // file:line
	In  string `json:"in,omitempty"` // the enclosing function
	Pkg string `json:"package"`
}

// The evidence document.
type (
	Evidence struct {
		// Rev and Touches are set with -new-from-rev: the revision, and
		// one sentence a lifecycle path that the changed lines touch.
		Rev      string             `json:"rev,omitempty"`
		Touches  []string           `json:"touches,omitempty"`
		Runs     []RunEvidence      `json:"runs"`
		Programs []ProgramEvidence  `json:"programs"`
		Keys     []RegistryEvidence `json:"summaryKeys"`
		Proofs   []NamedSite        `json:"proofTypes"`
		Renders  []NamedSite        `json:"renderEntryPoints"`
		// Providers are the provider packages and patterns that render
		// entry points are checked against, besides the built-in ones
		// (net/http's client and the cloud SDKs).
		Providers []string          `json:"providerPackages"`
		Allows    []AllowEvidence   `json:"allows"`
		Findings  []FindingEvidence `json:"findings"`
	}
	RunEvidence struct {
		Name   string   `json:"name"`
		Owners []string `json:"owners"`
		Tables []string `json:"tables,omitempty"`
		// Fields are the guarded fields, with their columns.
		Fields      []FieldEvidence   `json:"guardedFields"`
		Starts      []StartEvidence   `json:"starts"`
		Calls       []MethodEvidence  `json:"calls"`
		Reconcilers []ReachedEvidence `json:"reconcilers"`
		StartedBy   []string          `json:"startedBy"`
		Unreconcile []string          `json:"startedByUnreconciled,omitempty"`
		byMethod    map[string]*MethodEvidence
	}
	FieldEvidence struct {
		Field  string `json:"field"`
		Column string `json:"column,omitempty"`
	}
	StartEvidence struct {
		Site
		Func       string   `json:"func"`
		ScopeFrom  string   `json:"scopeFrom"`
		ScopeSet   []string `json:"scopeSet,omitempty"`
		ScopeUnset []string `json:"scopeUnset,omitempty"`
	}
	// MethodEvidence is the calls of one method from one package.
	MethodEvidence struct {
		Method  string `json:"method"`
		Func    string `json:"func"`
		Package string `json:"package"`
		Sites   []Site `json:"sites"`
	}
	ReachedEvidence struct {
		Func     string   `json:"func"`
		Programs []string `json:"programs"`
	}
	ProgramEvidence struct {
		Site
		Starts     []string `json:"starts"`
		Reconciles []string `json:"reconciles"`
	}
	RegistryEvidence struct {
		Name   string        `json:"name"`
		Keys   []KeyEvidence `json:"keys"`
		Unused []string      `json:"unused"`
	}
	KeyEvidence struct {
		Key  string `json:"key"`
		Uses []Site `json:"uses"`
	}
	NamedSite struct {
		Site
		Name string `json:"name"`
	}
	AllowEvidence struct {
		Site
		Check  string `json:"check"`
		Reason string `json:"reason"`
	}
	FindingEvidence struct {
		Site
		Check   string `json:"check"`
		Message string `json:"message"`
	}
)

// buildEvidence puts the observations and the findings together. keep,
// when not nil, keeps the observations of call sites and declarations
// (-new-from-rev: those on changed lines); the run types, registries and
// provider packages stay whole.
func buildEvidence(observations []observation, findings []finding, dir string, keep func(file string, line int) bool) *Evidence {
	wd := workDir(dir)
	site := func(o observation) Site {
		return Site{At: fmt.Sprintf("%s:%d", relative(wd, o.file), o.line), In: o.item.In, Pkg: o.pkg}
	}
	ev := &Evidence{}
	runs := map[string]*RunEvidence{}
	runOf := func(name string) *RunEvidence {
		r := runs[name]
		if r == nil {
			r = &RunEvidence{Name: name, byMethod: map[string]*MethodEvidence{}}
			runs[name] = r
		}
		return r
	}
	registries := map[string]*RegistryEvidence{}
	uses := map[string]map[string][]Site{} // registry → key → uses
	providers := map[string]bool{}
	seen := map[string]bool{}
	for _, o := range observations {
		it := o.item
		local := keep == nil || keep(o.file, o.line)
		switch it.Kind {
		case evidence.KindRun:
			r := runOf(it.Run)
			r.Owners, r.Tables = it.Owners, it.Tables
			// The declaring package is an owner too.
			if i := strings.LastIndexByte(it.Run, '.'); i > 0 {
				pkg := it.Run[:i]
				if !slices.ContainsFunc(it.Owners, func(o string) bool { return config.MatchPattern(o, pkg) }) {
					r.Owners = append([]string{pkg}, it.Owners...)
				}
			}
			r.Fields = nil
			for i, f := range it.Fields {
				fe := FieldEvidence{Field: f}
				if i < len(it.Columns) {
					fe.Column = it.Columns[i]
				}
				r.Fields = append(r.Fields, fe)
			}
		case evidence.KindRegistry:
			registries[it.Name] = &RegistryEvidence{Name: it.Name, Unused: it.Keys}
		case evidence.KindProvider:
			providers[it.Name] = true
		}
		if !local {
			continue
		}
		// A package analyzed in two variants (p and p [p.test])
		// observes its sites twice.
		key := fmt.Sprintf("%s:%d:%d:%s:%s:%s", o.file, o.line, o.col, it.Kind, it.Func, it.Key)
		if seen[key] {
			continue
		}
		seen[key] = true
		switch it.Kind {
		case evidence.KindStart:
			r := runOf(it.Run)
			r.Starts = append(r.Starts, StartEvidence{Site: site(o), Func: it.Func, ScopeFrom: it.ScopeFrom, ScopeSet: it.ScopeSet, ScopeUnset: it.ScopeUnset})
		case evidence.KindCall:
			r := runOf(it.Run)
			key := it.Func + " " + o.pkg
			m := r.byMethod[key]
			if m == nil {
				m = &MethodEvidence{Method: it.Method, Func: it.Func, Package: o.pkg}
				r.byMethod[key] = m
			}
			m.Sites = append(m.Sites, site(o))
		case evidence.KindProgram:
			p := ProgramEvidence{Site: site(o)}
			p.In = ""
			for _, u := range it.Starts {
				p.Starts = append(p.Starts, u.Run)
				runOf(u.Run).StartedBy = append(runOf(u.Run).StartedBy, o.pkg)
			}
			for _, u := range it.Reconciles {
				p.Reconciles = append(p.Reconciles, u.Run)
				r := runOf(u.Run)
				i := slices.IndexFunc(r.Reconcilers, func(x ReachedEvidence) bool { return x.Func == u.Func })
				if i < 0 {
					r.Reconcilers = append(r.Reconcilers, ReachedEvidence{Func: u.Func})
					i = len(r.Reconcilers) - 1
				}
				r.Reconcilers[i].Programs = append(r.Reconcilers[i].Programs, o.pkg)
			}
			ev.Programs = append(ev.Programs, p)
		case evidence.KindKey:
			if uses[it.Name] == nil {
				uses[it.Name] = map[string][]Site{}
			}
			uses[it.Name][it.Key] = append(uses[it.Name][it.Key], site(o))
		case evidence.KindProof:
			ev.Proofs = append(ev.Proofs, NamedSite{Site: site(o), Name: it.Name})
		case evidence.KindRender:
			ev.Renders = append(ev.Renders, NamedSite{Site: site(o), Name: it.Name})
		case evidence.KindAllow:
			ev.Allows = append(ev.Allows, AllowEvidence{Site: site(o), Check: it.Check, Reason: it.Reason})
		}
	}

	// Each run type: its methods by name, the programs that start it and
	// reach no reconciler of it.
	for _, name := range slices.Sorted(maps.Keys(runs)) {
		r := runs[name]
		for _, fn := range slices.Sorted(maps.Keys(r.byMethod)) {
			r.Calls = append(r.Calls, *r.byMethod[fn])
		}
		slices.Sort(r.StartedBy)
		r.StartedBy = slices.Compact(r.StartedBy)
		for _, p := range r.StartedBy {
			reconciled := slices.ContainsFunc(r.Reconcilers, func(x ReachedEvidence) bool { return slices.Contains(x.Programs, p) })
			if !reconciled {
				r.Unreconcile = append(r.Unreconcile, p)
			}
		}
		ev.Runs = append(ev.Runs, *r)
	}
	for _, name := range slices.Sorted(maps.Keys(registries)) {
		reg := registries[name]
		var unused []string
		for _, k := range reg.Unused {
			if len(uses[name][k]) == 0 {
				unused = append(unused, k)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(uses[name])) {
			reg.Keys = append(reg.Keys, KeyEvidence{Key: k, Uses: uses[name][k]})
		}
		reg.Unused = unused
		if keep != nil {
			reg.Unused = nil // whether a key is used is the whole tree's question
		}
		ev.Keys = append(ev.Keys, *reg)
	}
	ev.Providers = slices.Sorted(maps.Keys(providers))
	for _, f := range findings {
		ev.Findings = append(ev.Findings, FindingEvidence{
			Site:  Site{At: fmt.Sprintf("%s:%d", relative(wd, f.file), f.line), Pkg: f.pkg.PkgPath},
			Check: f.check, Message: f.diag.Message,
		})
	}
	if keep != nil {
		ev.Touches = touches(ev)
	}
	ev.emptyLists()
	return ev
}

// emptyLists makes the lists that hold nothing empty, not null, in JSON:
// a reader checks one shape.
func (ev *Evidence) emptyLists() {
	for i := range ev.Runs {
		r := &ev.Runs[i]
		nonNil(&r.Owners)
		nonNil(&r.Fields)
		nonNil(&r.Starts)
		nonNil(&r.Calls)
		nonNil(&r.Reconcilers)
		nonNil(&r.StartedBy)
	}
	for i := range ev.Programs {
		nonNil(&ev.Programs[i].Starts)
		nonNil(&ev.Programs[i].Reconciles)
	}
	for i := range ev.Keys {
		nonNil(&ev.Keys[i].Keys)
		nonNil(&ev.Keys[i].Unused)
	}
	nonNil(&ev.Runs)
	nonNil(&ev.Programs)
	nonNil(&ev.Keys)
	nonNil(&ev.Proofs)
	nonNil(&ev.Renders)
	nonNil(&ev.Providers)
	nonNil(&ev.Allows)
	nonNil(&ev.Findings)
}

func nonNil[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}

// touches says which lifecycle paths the observations kept (those on
// changed lines) touch, a sentence each.
func touches(ev *Evidence) []string {
	var out []string
	for _, r := range ev.Runs {
		if n := len(r.Starts); n > 0 {
			out = append(out, fmt.Sprintf("starts runs of %s at %s", r.Name, count(n, "site")))
		}
		for _, m := range r.Calls {
			out = append(out, fmt.Sprintf("calls %s of %s at %s", m.Func, r.Name, count(len(m.Sites), "site")))
		}
	}
	for _, p := range ev.Programs {
		out = append(out, fmt.Sprintf("changes program %s (starts %s; reconciles %s)", p.Pkg, orNone(p.Starts), orNone(p.Reconciles)))
	}
	for _, reg := range ev.Keys {
		for _, k := range reg.Keys {
			out = append(out, fmt.Sprintf("uses summary key %q of %s at %s", k.Key, reg.Name, count(len(k.Uses), "site")))
		}
	}
	for _, p := range ev.Proofs {
		out = append(out, "declares proof type "+p.Name)
	}
	for _, r := range ev.Renders {
		out = append(out, "changes render entry point "+r.Name)
	}
	for _, a := range ev.Allows {
		out = append(out, fmt.Sprintf("allows a %s finding at %s: %s", a.Check, a.At, a.Reason))
	}
	return out
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// workDir is the directory that paths are shown relative to.
func workDir(dir string) string {
	wd, _ := os.Getwd()
	if dir != "" {
		if abs, err := filepath.Abs(dir); err == nil {
			wd = abs
		}
	}
	return wd
}

// evidence builds the evidence of the findings that fail the gate: of the
// lines changed since -new-from-rev when it is set.
func (o *options) evidence(findings []finding) (*Evidence, error) {
	var keep func(string, int) bool
	if o.newFromRev != "" {
		changed, err := changedLines(o.dir, o.newFromRev)
		if err != nil {
			return nil, fmt.Errorf("-new-from-rev: %w", err)
		}
		keep = changed.has
	}
	ev := buildEvidence(o.observations, findings, o.dir, keep)
	ev.Rev = o.newFromRev
	return ev, nil
}

// printEvidenceJSON prints the evidence as indented JSON.
func printEvidenceJSON(w io.Writer, ev *Evidence) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(ev)
}

// printEvidence prints the evidence as Markdown.
func printEvidence(w io.Writer, ev *Evidence) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# runtruth evidence\n\n")
	if ev.Rev != "" {
		p("Changes since `%s`. ", ev.Rev)
		if len(ev.Touches) == 0 {
			p("The change touches no lifecycle path of an operation run.\n\n")
		} else {
			p("The change touches these lifecycle paths: %s.\n\n", strings.Join(ev.Touches, "; "))
		}
	}
	starts, calls := 0, 0
	for _, r := range ev.Runs {
		starts += len(r.Starts)
		for _, m := range r.Calls {
			calls += len(m.Sites)
		}
	}
	p("%s, %s, %s, %s, %s.\n", count(len(ev.Runs), "run type"), count(starts, "start site"), count(calls, "lifecycle call"), count(len(ev.Programs), "program"), count(len(ev.Findings), "finding"))

	for _, r := range ev.Runs {
		p("\n## Run type `%s`\n\n", r.Name)
		p("- Owners (the only packages that write its guarded fields): %s\n", codeList(r.Owners))
		if len(r.Tables) > 0 {
			p("- Table: %s\n", codeList(r.Tables))
		}
		var fields []string
		for _, f := range r.Fields {
			s := "`" + f.Field + "`"
			if f.Column != "" {
				s += " (column `" + f.Column + "`)"
			}
			fields = append(fields, s)
		}
		p("- Guarded fields: %s\n", orNone(fields))
		p("- Started by programs: %s\n", codeList(r.StartedBy))
		switch {
		case len(r.Reconcilers) == 0 && len(r.StartedBy) > 0:
			p("- Reconcilers reached: **none**\n")
		case len(r.Reconcilers) == 0:
			p("- Reconcilers reached: none\n")
		}
		for _, rc := range r.Reconcilers {
			p("- Reconciler `%s`, reached by: %s\n", rc.Func, codeList(rc.Programs))
		}
		if len(r.Unreconcile) > 0 {
			p("- **Started by programs that reach no reconciler:** %s\n", codeList(r.Unreconcile))
		}
		if len(r.Starts) > 0 {
			p("\n### Start sites\n\n| Site | In | Start | Scope |\n|---|---|---|---|\n")
			for _, s := range r.Starts {
				scope := "passed in"
				if s.ScopeFrom == "literal" {
					scope = "sets " + orNone(s.ScopeSet)
					if len(s.ScopeUnset) > 0 {
						scope += "; **leaves out " + strings.Join(s.ScopeUnset, ", ") + "**"
					}
				}
				p("| `%s` | `%s` | `%s` | %s |\n", s.At, s.In, s.Func, scope)
			}
		}
		if len(r.Calls) > 0 {
			p("\n### Lifecycle calls, by method and package\n\n| Method | Package | Calls | Sites |\n|---|---|---|---|\n")
			for _, m := range r.Calls {
				p("| `%s` | `%s` | %d | %s |\n", m.Func, m.Package, len(m.Sites), sites(m.Sites))
			}
		}
	}
	if len(ev.Programs) > 0 {
		p("\n## Programs\n\n| Program | Starts runs of | Reconciles |\n|---|---|---|\n")
		for _, pr := range ev.Programs {
			p("| `%s` (`%s`) | %s | %s |\n", pr.Pkg, pr.At, codeList(pr.Starts), codeList(pr.Reconciles))
		}
	}
	if len(ev.Keys) > 0 {
		p("\n## Summary keys\n")
		for _, reg := range ev.Keys {
			p("\n### `%s`\n\n", reg.Name)
			if len(reg.Keys) > 0 {
				p("| Key | Used at |\n|---|---|\n")
				for _, k := range reg.Keys {
					p("| `%s` | %s |\n", k.Key, sites(k.Uses))
				}
			}
			if len(reg.Unused) > 0 {
				p("\nRegistered, never used: %s\n", codeList(reg.Unused))
			}
		}
	}
	p("\n## Customer-proof boundary\n\nProof types: %s\n", namedSites(ev.Proofs))
	p("\n## Render paths\n\nRender entry points: %s\n\nProvider packages checked besides the built-in ones: %s\n", namedSites(ev.Renders), codeList(ev.Providers))
	if len(ev.Allows) > 0 {
		p("\n## Allowed findings\n\n| Site | Check | Reason |\n|---|---|---|\n")
		for _, a := range ev.Allows {
			p("| `%s` | %s | %s |\n", a.At, a.Check, escapeCell(a.Reason))
		}
	}
	p("\n## Findings\n")
	if len(ev.Findings) == 0 {
		p("\nNone.\n")
	}
	// By check, in the suite's order.
	for _, check := range analyzers.Names() {
		var rows []FindingEvidence
		for _, f := range ev.Findings {
			if f.Check == check {
				rows = append(rows, f)
			}
		}
		if len(rows) == 0 {
			continue
		}
		p("\n### %s (%d)\n\n| Site | Finding |\n|---|---|\n", check, len(rows))
		for _, f := range rows {
			p("| `%s` | %s |\n", f.At, escapeCell(f.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func codeList(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return "`" + strings.Join(list, "`, `") + "`"
}

func sites(list []Site) string {
	var out []string
	for _, s := range list {
		out = append(out, fmt.Sprintf("`%s` in `%s`", s.At, s.In))
	}
	return strings.Join(out, "<br>")
}

func namedSites(list []NamedSite) string {
	var out []string
	for _, s := range list {
		out = append(out, fmt.Sprintf("`%s` (`%s`)", s.Name, s.At))
	}
	return orNone(out)
}

// escapeCell makes text safe in a Markdown table cell.
func escapeCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
