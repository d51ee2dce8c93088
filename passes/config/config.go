// Package config reads runtruth's configuration: the .runtruth.yml file,
// golangci-lint plugin settings and analyzer flags all decode into one
// Config.
//
// Decoding is strict. An unknown key, a value of the wrong shape or a bad
// package pattern is an *Error that names the file and line; nothing falls
// back to a silent default.
package config

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/runtruth/runtruth/internal/textdist"
)

// FileName is the configuration file that runtruth discovers by walking up
// from a package's directory.
const FileName = ".runtruth.yml"

// EnvVar names the environment variable that names the configuration
// file, like the -config flag. Under go vet it is the way to name one that
// go vet's cache keys on: the tool's identity (its -V=full output) hashes
// the file it names, where a -config flag is keyed on its path alone.
const EnvVar = "RUNTRUTH_CONFIG"

// Config is the whole runtruth configuration. Every entry declares, for
// code that cannot carry a //runtruth: directive, what that directive
// would have declared.
type Config struct {
	// IncludeTests reports findings in _test.go files too.
	IncludeTests bool `yaml:"include-tests"`

	// Owners are the owner patterns of every run that lists none of its
	// own; a run's more-owners extend them.
	Owners []string `yaml:"owners"`
	// Runs declares operation-run record types (//runtruth:run).
	Runs []Run `yaml:"runs"`
	// SummaryKeys declares summary-key registries (//runtruth:summarykeys).
	SummaryKeys []SummaryKeys `yaml:"summary-keys"`
	// Summaries declares summary count parameters (//runtruth:summary).
	Summaries []FuncParams `yaml:"summaries"`
	// Providers declares remote provider calls (//runtruth:provider).
	Providers Providers `yaml:"providers"`
	// Render declares render entry points (//runtruth:render) and the
	// packages whose rendering functions are render paths.
	Render Targets `yaml:"render"`
	// RenderCalls declares funcs and methods whose call renders a page or
	// component (//runtruth:rendercall).
	RenderCalls []Name `yaml:"render-calls"`
	// Secrets declares secret types and fields and tunes the sensitive
	// name list (//runtruth:secret).
	Secrets Secrets `yaml:"secrets"`
	// Sinks declares parameters that end in a run message, run context or
	// notification (//runtruth:sink).
	Sinks []FuncParams `yaml:"sinks"`
	// Sanitizers declares funcs whose results are clean (//runtruth:sanitizer).
	Sanitizers []Name `yaml:"sanitizers"`
	// Scopes declares required ownership-scope fields (//runtruth:scope).
	Scopes []Name `yaml:"scopes"`
	// Proofs declares customer-facing proof types (//runtruth:proof).
	Proofs []Name `yaml:"proofs"`
	// Notifications declares notification types (//runtruth:notification).
	Notifications []Name `yaml:"notifications"`
	// Links declares the central run link builders (//runtruth:link).
	Links []Link `yaml:"links"`
	// Writers declares functions that write a run type's guarded columns,
	// such as ent's generated setters (//runtruth:writer).
	Writers []FuncRun `yaml:"writers"`
	// Starts declares functions that start (create) runs of a run type,
	// such as a store's insert (//runtruth:start).
	Starts []FuncRun `yaml:"starts"`
	// Reconcilers declares functions that reconcile stale active runs of
	// a run type (//runtruth:reconciler).
	Reconcilers []FuncRun `yaml:"reconcilers"`
	// Dupetruth is "strict" to report every field of a guarded field's
	// type, not only those a guarded field is copied into.
	Dupetruth DupetruthMode `yaml:"dupetruth"`
	// Checks selects the checks that report (see Select); empty for all.
	Checks Selection `yaml:"checks"`
	// Severity sets the level of a check's findings in SARIF and GitHub
	// annotations: error (the default), warning or note.
	Severity map[string]string `yaml:"severity"`
	// Exclude are the files that no finding is reported in (see
	// Excluded).
	Exclude []PathPattern `yaml:"exclude"`

	// File is the file the configuration was read from ("" for settings
	// given inline).
	File string `yaml:"-"`

	ownersLine   int // the line of the top-level owners key
	severityLine int // the line of the severity key

}

// Name is a qualified Go name: "example.com/pkg.Type", "example.com/pkg.Func",
// "example.com/pkg.Type.Method" or "example.com/pkg.Type.Field". Line is the
// line of the configuration that declared it.
type Name struct {
	Name string
	Line int
}

// UnmarshalYAML decodes a Name from a scalar.
func (n *Name) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.ScalarNode {
		return &Error{Line: node.Line, Msg: "expected a qualified name such as example.com/pkg.Type"}
	}
	n.Name, n.Line = node.Value, node.Line
	return nil
}

// Run declares an operation-run record type.
type Run struct {
	Type   string   `yaml:"type"`
	Fields []string `yaml:"fields"`
	Sinks  []string `yaml:"sinks"`
	Owners []string `yaml:"owners"`
	// MoreOwners extend Owners, or the top-level owners when the run
	// lists none of its own.
	MoreOwners []string `yaml:"more-owners"`
	// Table is the table that stores the run type; Columns maps guarded
	// fields to their columns (see directwrite's column writes).
	Table   string            `yaml:"table"`
	Columns map[string]string `yaml:"columns"`
	Line    int               `yaml:"-"`
}

// SummaryKeys declares a summary-key registry type. When Keys is empty the
// registered keys are the constants of Type declared in its package.
type SummaryKeys struct {
	Type string   `yaml:"type"`
	Keys []string `yaml:"keys"`
	Line int      `yaml:"-"`
}

// FuncParams names parameters of a func or method.
type FuncParams struct {
	Func   string   `yaml:"func"`
	Params []string `yaml:"params"`
	Line   int      `yaml:"-"`
}

// Targets declares whole packages (by pattern) and single funcs, methods or
// types.
type Targets struct {
	Packages []Pattern `yaml:"packages"`
	Funcs    []Name    `yaml:"funcs"`
}

// Providers declares remote provider calls: whole packages (by pattern),
// single funcs, methods or types, and the funcs and methods of those that
// are not provider calls (a cached getter, a pure helper).
type Providers struct {
	Packages []Pattern `yaml:"packages"`
	Funcs    []Name    `yaml:"funcs"`
	Exclude  []Name    `yaml:"exclude"`
}

// Pattern is a package pattern: an import path, or PATH/... for PATH and
// every package below it.
type Pattern struct {
	Pattern string
	Line    int
}

// UnmarshalYAML decodes and validates a package pattern.
func (p *Pattern) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.ScalarNode {
		return &Error{Line: node.Line, Msg: "expected a package pattern such as example.com/graph/..."}
	}
	if err := ValidatePattern(node.Value); err != nil {
		return &Error{Line: node.Line, Msg: err.Error()}
	}
	p.Pattern, p.Line = node.Value, node.Line
	return nil
}

// Selection is a selection of checks: a comma-separated list of "all",
// check names and "-NAME" exclusions, applied in order (one that starts
// with an exclusion starts from all): "all,-dupetruth".
type Selection struct {
	Spec string
	Line int
}

// UnmarshalYAML decodes a selection of checks from a scalar.
func (s *Selection) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.ScalarNode {
		return &Error{Line: node.Line, Msg: "checks: expected a comma-separated list such as all,-dupetruth"}
	}
	for _, item := range strings.Split(node.Value, ",") {
		if name := strings.TrimPrefix(strings.TrimSpace(item), "-"); !isIdent(name) {
			return &Error{Line: node.Line, Msg: fmt.Sprintf("checks: %q is not a check name", strings.TrimSpace(item))}
		}
	}
	s.Spec, s.Line = node.Value, node.Line
	return nil
}

// Select resolves a selection of checks among the named ones. It returns
// the selected names, in the order of names, or nil when it selects them
// all (an empty spec does). An unknown name is an error that lists them,
// and so is a selection of none.
func Select(spec string, names []string) ([]string, error) {
	if spec == "" {
		return nil, nil
	}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if name := strings.TrimPrefix(item, "-"); item != "all" && !slices.Contains(names, name) {
			msg := fmt.Sprintf("unknown check %q (checks: all, %s)", item, strings.Join(names, ", "))
			if near := textdist.Closest(name, names); near != "" {
				msg = fmt.Sprintf("unknown check %q; did you mean %s? (checks: all, %s)", item, near, strings.Join(names, ", "))
			}
			return nil, errors.New(msg)
		}
	}
	var out []string
	for _, n := range names {
		if (Selection{Spec: spec}).Selects(n) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%q selects no check", spec)
	}
	if len(out) == len(names) {
		return nil, nil
	}
	return out, nil
}

// Selects reports whether the selection leaves the named check in. Names
// it does not know are ignored here; Select reports them.
func (s Selection) Selects(check string) bool {
	in := true
	for i, item := range strings.Split(s.Spec, ",") {
		item = strings.TrimSpace(item)
		name, exclude := strings.CutPrefix(item, "-")
		switch {
		case item == "" && i == 0:
			return true
		case item == "all":
			in = true
		case i == 0 && !exclude:
			in = name == check
		case name == check:
			in = !exclude
		}
	}
	return in
}

// PathPattern is a pattern of file paths, relative to the directory of the
// configuration file: DIR/... for every file below DIR, or a path.Match
// pattern of the whole relative path (cmd/*/dummy.go).
type PathPattern struct {
	Pattern string
	Line    int
}

// UnmarshalYAML decodes and validates a path pattern.
func (p *PathPattern) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.ScalarNode {
		return &Error{Line: node.Line, Msg: "expected a path pattern such as internal/legacy/..."}
	}
	if err := validatePathPattern(node.Value); err != nil {
		return &Error{Line: node.Line, Msg: "exclude: " + err.Error()}
	}
	p.Pattern, p.Line = node.Value, node.Line
	return nil
}

func validatePathPattern(p string) error {
	rest := strings.TrimSuffix(p, "/...")
	switch {
	case p == "" || rest == "":
		return errors.New("empty path pattern")
	case strings.HasPrefix(p, "/") || filepath.IsAbs(p) || strings.Contains(p, `\`):
		return fmt.Errorf("path pattern %q is not relative to the configuration's directory, with slashes", p)
	case p == "..." || p == "./...":
		return fmt.Errorf("path pattern %q excludes every file", p)
	case strings.Contains(rest, "..."):
		return fmt.Errorf("bad path pattern %q: \"...\" is only allowed as a final /... element", p)
	}
	for _, elem := range strings.Split(rest, "/") {
		if elem == "" || elem == "." || elem == ".." {
			return fmt.Errorf("bad path pattern %q: write a clean relative path", p)
		}
	}
	if _, err := path.Match(rest, ""); err != nil {
		return fmt.Errorf("bad path pattern %q: %v", p, err)
	}
	return nil
}

// Excluded reports whether no finding may be reported in the file (an
// absolute path). The patterns are relative to the directory of the
// configuration file, or, for settings given inline (flags, golangci-lint),
// to the root of the file's module.
func (c *Config) Excluded(file string) bool {
	if len(c.Exclude) == 0 {
		return false
	}
	base := ""
	if c.File != "" && !strings.HasPrefix(c.File, "-") {
		if abs, err := filepath.Abs(c.File); err == nil {
			base = filepath.Dir(abs)
		}
	} else {
		base = moduleRoot(filepath.Dir(file))
	}
	if base == "" {
		return false
	}
	rel, err := filepath.Rel(base, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, p := range c.Exclude {
		if dir, ok := strings.CutSuffix(p.Pattern, "/..."); ok {
			// The directory's elements, globs or not, against rel's
			// first ones: rel is below it.
			if n := strings.Count(dir, "/") + 1; strings.Count(rel, "/") >= n {
				head := strings.Join(strings.SplitN(rel, "/", n+1)[:n], "/")
				if m, _ := path.Match(dir, head); m {
					return true
				}
			}
			continue
		}
		if m, _ := path.Match(p.Pattern, rel); m {
			return true
		}
	}
	return false
}

// moduleRoot returns the directory of the go.mod at or above dir, or "".
func moduleRoot(dir string) string {
	for {
		if ok, _ := isFile(filepath.Join(dir, "go.mod")); ok {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Secrets tunes the secret sources.
type Secrets struct {
	// Types and Fields are secret, like //runtruth:secret, and so are the
	// results of Funcs.
	Types  []Name `yaml:"types"`
	Fields []Name `yaml:"fields"`
	Funcs  []Name `yaml:"funcs"`
	// Words are added to the sensitive words of identifiers.
	Words []string `yaml:"words"`
	// IgnoreWords are words that mark an identifier as not the value.
	IgnoreWords []string `yaml:"ignore-words"`
}

// Link declares a central run link builder.
type Link struct {
	Func   string `yaml:"func"`
	Prefix string `yaml:"prefix"`
	Line   int    `yaml:"-"`
}

// FuncRun declares a function that acts on the run type Run: under
// writers: it writes Run's guarded columns (a call outside Run's owners is
// a direct write); under starts: it starts runs of Run; under
// reconcilers: it reconciles Run's stale active runs.
type FuncRun struct {
	Func string `yaml:"func"`
	Run  string `yaml:"run"`
	Line int    `yaml:"-"`
}

// Error is a configuration error with its position.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// ValidatePattern reports whether p is a well-formed package pattern.
func ValidatePattern(p string) error {
	switch {
	case p == "":
		return errors.New("empty package pattern")
	case strings.ContainsAny(p, " \t\\"):
		return fmt.Errorf("bad package pattern %q: it has a space or backslash", p)
	case p == "...":
		return errors.New(`package pattern "..." matches every package; name a path`)
	case p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../"):
		return fmt.Errorf("package pattern %q is relative; write the import path (example.com/svc/internal/web/...)", p)
	case strings.ContainsAny(p, "*?["):
		return fmt.Errorf("bad package pattern %q: patterns are import paths, with a final /... for the packages below", p)
	}
	rest := strings.TrimSuffix(p, "/...")
	if strings.Contains(rest, "...") {
		return fmt.Errorf("bad package pattern %q: \"...\" is only allowed as a final /... element", p)
	}
	if strings.HasPrefix(rest, "/") || strings.HasSuffix(rest, "/") || strings.Contains(rest, "//") {
		return fmt.Errorf("bad package pattern %q", p)
	}
	return nil
}

// MatchPattern reports whether the import path matches the pattern.
func MatchPattern(pattern, path string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == base || strings.HasPrefix(path, base+"/")
	}
	return path == pattern
}

// Parse decodes a configuration strictly. file names the source in errors.
// The result must not be changed: every package of an analysis reads the
// same file, and Parse decodes each content once (see parsed).
func Parse(file string, data []byte) (*Config, error) {
	key := sha256.Sum256(append([]byte(file+"\x00"), data...))
	parsed.Lock()
	r, ok := parsed.m[key]
	parsed.Unlock()
	if ok {
		return r.cfg, r.err
	}
	cfg, err := parse(file, data)
	parsed.Lock()
	if len(parsed.m) >= maxParsed {
		clear(parsed.m)
	}
	parsed.m[key] = parseResult{cfg, err}
	parsed.Unlock()
	return cfg, err
}

// parsed remembers the configurations Parse decoded, by name and
// content: a cache of a pure function, which analyses of many packages
// (and the drivers' checks before them) share. A file that changes has a
// new key; maxParsed bounds the memory of a long-lived process.
var parsed = struct {
	sync.Mutex
	m map[[sha256.Size]byte]parseResult
}{m: map[[sha256.Size]byte]parseResult{}}

const maxParsed = 64

type parseResult struct {
	cfg *Config
	err error
}

func parse(file string, data []byte) (*Config, error) {
	cfg := new(Config)
	if len(bytes.TrimSpace(data)) == 0 {
		cfg.File = file
		return cfg, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if err := checkKeys(&root, reflect.TypeOf(Config{})); err != nil {
		return nil, inFile(err, file)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		var ce *Error
		if errors.As(err, &ce) {
			ce.File = file
			return nil, ce
		}
		return nil, &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	cfg.File = file
	cfg.ownersLine = keyLine(&root, "owners")
	cfg.severityLine = keyLine(&root, "severity")
	cfg.applyOwners()
	if err := cfg.validate(); err != nil {
		return nil, inFile(err, file)
	}
	return cfg, nil
}

// Load reads and parses the configuration file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read configuration: %v", err)}
	}
	return Parse(path, data)
}

// Find walks up from dir to the filesystem root and returns the path of the
// first .runtruth.yml it meets, or "" when there is none. A module has one
// configuration: when dir belongs to a module (inModule; a GOPATH tree has
// none), a .runtruth.yml found below the module's root (the directory of
// its go.mod) is an error, since the module's other packages would not see
// it. One found next to go.mod or above it (shared by the modules of a
// repository) is fine.
func Find(dir string, inModule bool) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", FileName, err)
	}
	found := ""
	for {
		if found == "" {
			p := filepath.Join(dir, FileName)
			if ok, err := isFile(p); err != nil {
				return "", err
			} else if ok {
				found = p
				if !inModule {
					return found, nil // above the module's root
				}
			}
		}
		if inModule {
			if ok, err := isFile(filepath.Join(dir, "go.mod")); err != nil {
				return "", err
			} else if ok {
				// The root of dir's module.
				if found != "" && filepath.Dir(found) != dir {
					return "", &Error{File: found, Msg: fmt.Sprintf("a module has one configuration, next to its go.mod: move this file's settings into %s", filepath.Join(dir, FileName))}
				}
				if found != "" {
					return found, nil
				}
				inModule = false
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return found, nil
		}
		dir = parent
	}
}

func isFile(path string) (bool, error) {
	st, err := os.Stat(path)
	switch {
	case err == nil:
		return !st.IsDir(), nil
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("finding %s: %w", FileName, err)
}

// isPosition reports whether p is a parameter's position: a decimal
// number, counting from 0.
func isPosition(p string) bool {
	if p == "" || len(p) > 3 {
		return false
	}
	for _, r := range p {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// keyLine returns the line of a top-level key of the document, or 0.
func keyLine(doc *yaml.Node, key string) int {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == key {
			return doc.Content[i].Line
		}
	}
	return 0
}

// applyOwners gives each run its owners: its own, or the top-level ones,
// and its more-owners.
func (c *Config) applyOwners() {
	for i := range c.Runs {
		r := &c.Runs[i]
		if len(r.Owners) == 0 {
			r.Owners = slices.Clone(c.Owners)
		}
		r.Owners = append(r.Owners, r.MoreOwners...)
		r.MoreOwners = nil
	}
}

// CheckNames reports a check that the configuration names (checks:,
// severity:) and that is not one of names, the suite's checks, as an
// *Error with file and line.
func (c *Config) CheckNames(names []string) error {
	if _, err := Select(c.Checks.Spec, names); err != nil {
		return &Error{File: c.File, Line: c.Checks.Line, Msg: "checks: " + err.Error()}
	}
	for _, check := range slices.Sorted(maps.Keys(c.Severity)) {
		if !slices.Contains(names, check) {
			msg := fmt.Sprintf("severity: unknown check %q (checks: %s)", check, strings.Join(names, ", "))
			if near := textdist.Closest(check, names); near != "" {
				msg = fmt.Sprintf("severity: unknown check %q; did you mean %s?", check, near)
			}
			return &Error{File: c.File, Line: c.severityLine, Msg: msg}
		}
	}
	return nil
}

// Levels are the severity levels, as SARIF names them.
var Levels = []string{"error", "warning", "note"}

// Level returns the level of a check's findings: its severity, or error.
func (c *Config) Level(check string) string {
	if l := c.Severity[check]; l != "" {
		return l
	}
	return "error"
}

func (c *Config) validate() error {
	var errs Errors
	for _, check := range slices.Sorted(maps.Keys(c.Severity)) {
		if l := c.Severity[check]; !slices.Contains(Levels, l) {
			errs.put(&Error{Line: c.severityLine, Msg: fmt.Sprintf("severity: %s: %q is not a level (levels: %s)", check, l, strings.Join(Levels, ", "))})
		}
	}
	for _, o := range c.Owners {
		if err := ValidatePattern(o); err != nil {
			errs.put(&Error{Line: c.ownersLine, Msg: "owners: " + err.Error()})
		}
	}
	for _, r := range c.Runs {
		errs.put(validName(r.Type, r.Line, "runs: type"))
		for _, o := range r.Owners {
			if err := ValidatePattern(o); err != nil {
				errs.put(&Error{Line: r.Line, Msg: err.Error()})
			}
		}
		for _, f := range append(append([]string(nil), r.Fields...), r.Sinks...) {
			if !isIdent(f) {
				errs.put(&Error{Line: r.Line, Msg: fmt.Sprintf("runs: %q is not a field name", f)})
			}
		}
	}
	for _, s := range c.SummaryKeys {
		errs.put(validName(s.Type, s.Line, "summary-keys: type"))
	}
	for _, group := range [][]FuncParams{c.Summaries, c.Sinks} {
		for _, f := range group {
			errs.put(validName(f.Func, f.Line, "func"))
			if len(f.Params) == 0 {
				errs.put(&Error{Line: f.Line, Msg: fmt.Sprintf("%s: params is empty", f.Func)})
			}
			for _, p := range f.Params {
				if !isIdent(p) && !isPosition(p) {
					errs.put(&Error{Line: f.Line, Msg: fmt.Sprintf("%s: %q is not a parameter name or position", f.Func, p)})
				}
			}
		}
	}
	for _, group := range []struct {
		key  string
		list []FuncRun
	}{{"writers", c.Writers}, {"starts", c.Starts}, {"reconcilers", c.Reconcilers}} {
		for _, w := range group.list {
			errs.put(validName(w.Func, w.Line, group.key+": func"))
			errs.put(validName(w.Run, w.Line, group.key+": run"))
		}
	}
	for _, l := range c.Links {
		errs.put(validName(l.Func, l.Line, "links: func"))
		if l.Prefix == "" {
			errs.put(&Error{Line: l.Line, Msg: fmt.Sprintf("links: %s has no prefix", l.Func)})
		}
	}
	for _, group := range c.NameGroups() {
		for _, n := range group.Names {
			errs.put(validName(n.Name, n.Line, "name"))
		}
	}
	return errs.err()
}

// NameGroup is a list of names that the configuration declares with the
// meaning of one directive that takes no arguments.
type NameGroup struct {
	Directive string // the directive's name: "provider", "secret", …
	Names     []Name
}

// NameGroups returns the configuration's lists of names, each with the
// directive it stands for.
func (c *Config) NameGroups() []NameGroup {
	return []NameGroup{
		{"provider", c.Providers.Funcs},
		{"notprovider", c.Providers.Exclude},
		{"render", c.Render.Funcs},
		{"rendercall", c.RenderCalls},
		{"secret", c.Secrets.Types},
		{"secret", c.Secrets.Fields},
		{"secret", c.Secrets.Funcs},
		{"sanitizer", c.Sanitizers},
		{"scope", c.Scopes},
		{"proof", c.Proofs},
		{"notification", c.Notifications},
	}
}

func validName(q string, line int, what string) error {
	if _, _, err := SplitName(q); err != nil {
		return &Error{Line: line, Msg: fmt.Sprintf("%s: %v", what, err)}
	}
	return nil
}

// SplitName splits a qualified name into its package path and the dotted
// rest: "example.com/pkg.Type.Method" is ("example.com/pkg", "Type.Method").
// "(*example.com/pkg.Type).Method" is accepted too. The package path ends
// at the first dot after its last slash, so a package whose last path
// element has a dot (gopkg.in/yaml.v3) cannot be named.
func SplitName(q string) (pkg, rest string, err error) {
	s := q
	if strings.HasPrefix(s, "(") {
		inner, after, ok := strings.Cut(s[1:], ")")
		if !ok || !strings.HasPrefix(after, ".") {
			return "", "", fmt.Errorf("bad qualified name %q", q)
		}
		s = strings.TrimPrefix(inner, "*") + after
	}
	slash := strings.LastIndex(s, "/")
	dot := strings.Index(s[slash+1:], ".")
	if dot < 0 {
		return "", "", fmt.Errorf("bad qualified name %q: want example.com/pkg.Name", q)
	}
	pkg, rest = s[:slash+1+dot], s[slash+1+dot+1:]
	if pkg == "" {
		return "", "", fmt.Errorf("bad qualified name %q: no package path", q)
	}
	for _, part := range strings.Split(rest, ".") {
		if !isIdent(part) {
			return "", "", fmt.Errorf("bad qualified name %q: %q is not an identifier", q, part)
		}
	}
	return pkg, rest, nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 || i > 0 && r >= '0' && r <= '9' {
			continue
		}
		return false
	}
	return true
}

// PackageRef is a package that the configuration names, with the line
// that first names it.
type PackageRef struct {
	Path string
	Line int
}

// PackageRefs returns the packages that the configuration names, sorted
// by path, each with the line that first names it.
func (c *Config) PackageRefs() []PackageRef {
	first := map[string]int{}
	add := func(q string, line int) {
		if p, _, err := SplitName(q); err == nil {
			if l, ok := first[p]; !ok || line < l {
				first[p] = line
			}
		}
	}
	for _, r := range c.Runs {
		add(r.Type, r.Line)
	}
	for _, s := range c.SummaryKeys {
		add(s.Type, s.Line)
	}
	for _, f := range append(append([]FuncParams(nil), c.Summaries...), c.Sinks...) {
		add(f.Func, f.Line)
	}
	for _, l := range c.Links {
		add(l.Func, l.Line)
	}
	for _, w := range slices.Concat(c.Writers, c.Starts, c.Reconcilers) {
		add(w.Func, w.Line)
		add(w.Run, w.Line)
	}
	for _, group := range c.NameGroups() {
		for _, n := range group.Names {
			add(n.Name, n.Line)
		}
	}
	out := make([]PackageRef, 0, len(first))
	for p, l := range first {
		out = append(out, PackageRef{Path: p, Line: l})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Packages returns the sorted import paths that the configuration names.
func (c *Config) Packages() []string {
	refs := c.PackageRefs()
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Path
	}
	return out
}
