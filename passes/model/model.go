// Package model is the shared pass of runtruth's checks. It reads every
// //runtruth: directive of a package and the configuration, validates
// them, exports them as analysis facts, imports the facts of the
// package's dependencies, and gives the checks one Model of the run
// types, summary-key registries, providers, render entry points, secrets,
// sinks, sanitizers, scope fields, proof and notification types, link
// builders and allow directives that apply to the package.
//
// The model keeps no global mutable state and reads no dependency's
// source: what it knows of other packages comes from facts, so it works
// the same under every driver (the runtruth binary, go vet, golangci-lint,
// Bazel nogo).
package model

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/passes/config"
)

// Analyzer is the shared pass. Its flags configure every check:
//
//	-config FILE      read FILE instead of discovering .runtruth.yml
//	-settings YAML    the whole configuration inline (YAML or JSON)
//	-include-tests    report findings in _test.go files too
//	-observe          also report observations (see Model.Observe)
//
// Without -config and -settings, the file named by $RUNTRUTH_CONFIG is
// read, if set; else .runtruth.yml is discovered.
var Analyzer = &analysis.Analyzer{
	Name:       "runtruth",
	Doc:        "read //runtruth: directives and configuration into the model that runtruth's checks share",
	URL:        "https://github.com/runtruth/runtruth#directives",
	Run:        run,
	ResultType: reflect.TypeOf((*Model)(nil)),
	FactTypes:  []analysis.Fact{(*ObjectFact)(nil), (*PackageFact)(nil)},
	Flags:      newFlags(),
}

// The analyzer's flag values. Like the flags of every go/analysis
// analyzer they are process-wide: a driver sets them before an analysis
// starts (go vet's unitchecker from the command line, the golangci-lint
// plugin from its settings, the runtruth binary for each analysis, one at a
// time) and the pass only reads them.
var flagValues struct {
	config       string
	settings     string
	includeTests bool
	observe      bool
}

func newFlags() flag.FlagSet {
	fs := flag.NewFlagSet("runtruth", flag.ContinueOnError)
	fs.StringVar(&flagValues.config, "config", "", "read the configuration from this file instead of discovering "+config.FileName)
	fs.StringVar(&flagValues.settings, "settings", "", "the whole configuration inline, as YAML or JSON (disables discovery of "+config.FileName+")")
	fs.BoolVar(&flagValues.includeTests, "include-tests", false, "report findings in _test.go files too")
	fs.BoolVar(&flagValues.observe, "observe", false, "also report observations (category "+ObservationCategory+") that the runtruth binary combines across packages; for its own go vet, not for other drivers")
	return *fs
}

// Problem is a malformed or misplaced directive, or a configuration entry
// that does not fit the package. The directives check reports them.
type Problem struct {
	Pos token.Pos
	Msg string
}

// Model is what the checks know about the package under analysis.
type Model struct {
	Pkg          *types.Package
	Config       *config.Config
	IncludeTests bool
	// Observe is set when the driver asks the checks for observations
	// besides their findings: diagnostics in ObservationCategory that say
	// what one package saw, for a result that needs several packages
	// (which main packages reach a reconciler). The runtruth binary asks
	// for them in its go vet and combines them; other drivers do not.
	Observe bool
	// Problems are the directive problems found in this package.
	Problems []Problem
	// Allows are the //runtruth:allow directives of this package.
	Allows []*Allow

	objects   map[types.Object]*ObjectFact
	local     map[types.Object]*ObjectFact // declared by this package, exported as facts
	pkgFact   *PackageFact
	guarded   map[*types.Var]*RunDecl
	sinks     map[*types.Var]*RunDecl
	runsByQN  map[string]*RunDecl
	fieldType map[string][]*RunDecl // qualified named type of a guarded field → run types
	allowAt   map[fileLine][]*Allow
	skipFile  map[string]bool // generated files, and those the configuration excludes
	universe  map[string]*types.Package
}

type fileLine struct {
	file string
	line int
}

// ObservationCategory is the category of the diagnostics that report an
// observation (see Model.Observe), not a finding.
const ObservationCategory = "runtruth:observation"

// ConfigError is returned by the analyzer for a bad configuration; drivers
// turn it into exit status 2.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return "runtruth configuration: " + e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

func run(pass *analysis.Pass) (any, error) {
	cfg, err := loadConfig(pass)
	if err != nil {
		return nil, &ConfigError{Err: err}
	}
	m := &Model{
		Pkg:       pass.Pkg,
		Config:    cfg,
		objects:   map[types.Object]*ObjectFact{},
		local:     map[types.Object]*ObjectFact{},
		guarded:   map[*types.Var]*RunDecl{},
		sinks:     map[*types.Var]*RunDecl{},
		runsByQN:  map[string]*RunDecl{},
		fieldType: map[string][]*RunDecl{},
		allowAt:   map[fileLine][]*Allow{},
		skipFile:  map[string]bool{},
		universe:  map[string]*types.Package{},
	}
	m.IncludeTests = cfg.IncludeTests || flagValues.includeTests
	m.Observe = flagValues.observe
	collectUniverse(pass.Pkg, m.universe)

	c := &collector{pass: pass, m: m, pkgFact: &PackageFact{}}
	for _, f := range pass.Files {
		c.file(f)
	}
	c.resolve()
	if err := c.applyConfig(); err != nil {
		return nil, &ConfigError{Err: err}
	}

	// Imported declarations.
	for _, of := range pass.AllObjectFacts() {
		if f, ok := of.Fact.(*ObjectFact); ok && of.Object != nil {
			m.add(of.Object, f)
		}
	}
	for obj, f := range m.local {
		m.add(obj, f)
	}
	for obj, f := range c.foreign {
		m.add(obj, f)
	}

	// The package fact: own directives plus the closure of direct imports.
	pf := c.pkgFact
	if pf.Provider {
		pf.ProviderPkgs = append(pf.ProviderPkgs, pass.Pkg.Path())
	}
	if pf.Render {
		pf.RenderPkgs = append(pf.RenderPkgs, pass.Pkg.Path())
	}
	for _, imp := range pass.Pkg.Imports() {
		var dep PackageFact
		if pass.ImportPackageFact(imp, &dep) {
			pf.Runs = append(pf.Runs, dep.Runs...)
			pf.Links = append(pf.Links, dep.Links...)
			pf.ProviderPkgs = append(pf.ProviderPkgs, dep.ProviderPkgs...)
			pf.RenderPkgs = append(pf.RenderPkgs, dep.RenderPkgs...)
			pf.Lifecycle = append(pf.Lifecycle, dep.Lifecycle...)
		}
	}
	for _, decls := range []map[types.Object]*ObjectFact{m.local, c.foreign} {
		for obj, f := range decls {
			fn, isFunc := obj.(*types.Func)
			if !isFunc {
				continue
			}
			method := ""
			if fn.Signature().Recv() != nil {
				method = fn.Name()
			}
			if f.Starts != "" {
				pf.Lifecycle = append(pf.Lifecycle, LifecycleDecl{Kind: "start", Run: f.Starts, Func: FuncName(fn), Method: method})
			}
			if f.Reconciles != "" {
				pf.Lifecycle = append(pf.Lifecycle, LifecycleDecl{Kind: "reconciler", Run: f.Reconciles, Func: FuncName(fn), Method: method})
			}
		}
	}
	for _, f := range m.objects {
		if f.Run != nil {
			pf.Runs = append(pf.Runs, *f.Run)
		}
	}
	pf.normalize()
	m.pkgFact = pf
	if !pf.empty() {
		// Most packages declare and see nothing; a fact for each would
		// only be copied along every import edge.
		pass.ExportPackageFact(pf)
	}
	for obj, f := range m.local {
		if obj.Pkg() == pass.Pkg {
			pass.ExportObjectFact(obj, f)
		}
	}

	m.index()
	return m, nil
}

func loadConfig(pass *analysis.Pass) (*config.Config, error) {
	switch {
	case flagValues.settings != "" && flagValues.config != "":
		return nil, errors.New("use either -config or -settings, not both")
	case flagValues.settings != "":
		return config.Parse("-settings", []byte(flagValues.settings))
	case flagValues.config != "":
		return config.Load(flagValues.config)
	case os.Getenv(config.EnvVar) != "":
		return config.Load(os.Getenv(config.EnvVar))
	}
	if len(pass.Files) == 0 {
		return &config.Config{}, nil
	}
	name := pass.Fset.PositionFor(pass.Files[0].Package, false).Filename
	if name == "" {
		return &config.Config{}, nil
	}
	// A package has a module but in GOPATH mode (and in the GOPATH trees
	// of analysistest).
	inModule := pass.Module != nil && pass.Module.Path != ""
	path, err := config.Find(filepath.Dir(name), inModule)
	if err != nil || path == "" {
		return &config.Config{}, err
	}
	return config.Load(path)
}

func collectUniverse(pkg *types.Package, seen map[string]*types.Package) {
	if pkg == nil || seen[pkg.Path()] != nil {
		return
	}
	seen[pkg.Path()] = pkg
	for _, imp := range pkg.Imports() {
		collectUniverse(imp, seen)
	}
}

// add merges a declaration for obj into the model.
func (m *Model) add(obj types.Object, f *ObjectFact) {
	obj = origin(obj)
	if cur, ok := m.objects[obj]; ok {
		if cur != f {
			merged := *cur
			merged.merge(f)
			m.objects[obj] = &merged
		}
		return
	}
	m.objects[obj] = f
}

func origin(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Func:
		return o.Origin()
	case *types.Var:
		return o.Origin()
	}
	return obj
}

func (pf *PackageFact) normalize() {
	sort.Slice(pf.Runs, func(i, j int) bool { return pf.Runs[i].QualifiedName() < pf.Runs[j].QualifiedName() })
	pf.Runs = slices.CompactFunc(pf.Runs, func(a, b RunDecl) bool { return a.QualifiedName() == b.QualifiedName() })
	sort.Slice(pf.Links, func(i, j int) bool {
		a, b := pf.Links[i], pf.Links[j]
		return a.Pkg+"."+a.Func+" "+a.Prefix < b.Pkg+"."+b.Func+" "+b.Prefix
	})
	pf.Links = slices.Compact(pf.Links)
	slices.Sort(pf.ProviderPkgs)
	pf.ProviderPkgs = slices.Compact(pf.ProviderPkgs)
	slices.Sort(pf.RenderPkgs)
	pf.RenderPkgs = slices.Compact(pf.RenderPkgs)
	slices.SortFunc(pf.Lifecycle, func(a, b LifecycleDecl) int {
		return strings.Compare(a.Kind+" "+a.Run+" "+a.Func, b.Kind+" "+b.Run+" "+b.Func)
	})
	pf.Lifecycle = slices.Compact(pf.Lifecycle)
}

// index builds the field indexes of the run types in view.
func (m *Model) index() {
	addRun := func(tn *types.TypeName, r *RunDecl) {
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			return
		}
		for i := range st.NumFields() {
			f := st.Field(i)
			if r.Guards(f.Name()) {
				m.guarded[f] = r
			}
			if r.IsSink(f.Name()) {
				m.sinks[f] = r
			}
		}
	}
	for i := range m.pkgFact.Runs {
		r := &m.pkgFact.Runs[i]
		m.runsByQN[r.QualifiedName()] = r
		for _, ft := range r.FieldTypes {
			if ft != "" && !slices.Contains(m.fieldType[ft], r) {
				m.fieldType[ft] = append(m.fieldType[ft], r)
			}
		}
		if pkg := m.universe[r.Pkg]; pkg != nil {
			if tn, ok := pkg.Scope().Lookup(r.Name).(*types.TypeName); ok {
				addRun(tn, r)
			}
		}
	}
	for obj, f := range m.objects {
		if tn, ok := obj.(*types.TypeName); ok && f.Run != nil {
			if r := m.runsByQN[f.Run.QualifiedName()]; r != nil {
				addRun(tn, r)
			}
		}
	}
}

// Object returns the declarations on obj (a type name, field, func or
// method), or nil when it has none.
func (m *Model) Object(obj types.Object) *ObjectFact {
	if obj == nil {
		return nil
	}
	return m.objects[origin(obj)]
}

// Named returns the origin of the named type of t, through one pointer,
// or nil.
func Named(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Origin()
	}
	return nil
}

// TypeFact returns the declarations on the named type of t (through one
// pointer), or nil.
func (m *Model) TypeFact(t types.Type) *ObjectFact {
	n := Named(t)
	if n == nil {
		return nil
	}
	return m.Object(n.Obj())
}

// RunType returns the run type that t is (through one pointer), or nil.
func (m *Model) RunType(t types.Type) *RunDecl {
	n := Named(t)
	if n == nil || n.Obj().Pkg() == nil {
		return nil
	}
	return m.runsByQN[n.Obj().Pkg().Path()+"."+n.Obj().Name()]
}

// RunNamed returns the run type in view of the qualified name
// "path/to/pkg.Name", or nil.
func (m *Model) RunNamed(qn string) *RunDecl { return m.runsByQN[qn] }

// Runs returns every run type in view: declared here or in a dependency.
func (m *Model) Runs() []RunDecl { return m.pkgFact.Runs }

// Lifecycle returns the functions in view that start or reconcile runs,
// by kind, run type and name.
func (m *Model) Lifecycle() []LifecycleDecl { return m.pkgFact.Lifecycle }

// Links returns every run link builder in view.
func (m *Model) Links() []LinkDecl { return m.pkgFact.Links }

// GuardedField returns the run type whose lifecycle-guarded field v is, or nil.
func (m *Model) GuardedField(v *types.Var) *RunDecl {
	if v == nil {
		return nil
	}
	return m.guarded[v.Origin()]
}

// SinkField returns the run type whose message/context field v is, or nil.
func (m *Model) SinkField(v *types.Var) *RunDecl {
	if v == nil {
		return nil
	}
	return m.sinks[v.Origin()]
}

// GuardedType returns the run types that have a guarded field of the named
// type t, or nil.
func (m *Model) GuardedType(t *types.Named) []*RunDecl {
	if t == nil || t.Obj().Pkg() == nil {
		return nil
	}
	t = t.Origin()
	return m.fieldType[t.Obj().Pkg().Path()+"."+t.Obj().Name()]
}

// IsOwner reports whether the package under analysis owns run type r.
func (m *Model) IsOwner(r *RunDecl) bool {
	return IsOwner(r, m.Pkg.Path())
}

// IsOwner reports whether the package path owns run type r. The external
// test package of an owner (path_test) is an owner too.
func IsOwner(r *RunDecl, path string) bool {
	path = strings.TrimSuffix(path, "_test")
	if path == r.Pkg {
		return true
	}
	for _, o := range r.Owners {
		if config.MatchPattern(o, path) {
			return true
		}
	}
	return false
}

// IsProvider reports whether calling fn is a remote provider call by
// declaration: a provider directive (or configuration) on fn, on its
// receiver's named type, or on its package.
func (m *Model) IsProvider(fn *types.Func) bool {
	if fn == nil || m.IsNotProvider(fn) {
		return false
	}
	if f := m.Object(fn); f != nil && f.Provider {
		return true
	}
	if recv := recvNamed(fn); recv != nil {
		if f := m.Object(recv.Obj()); f != nil && f.Provider {
			return true
		}
	}
	return fn.Pkg() != nil && m.IsProviderPackage(fn.Pkg().Path())
}

// IsNotProvider reports whether the configuration excludes fn from the
// provider calls (providers: exclude:), whatever declares its package or
// type a provider.
func (m *Model) IsNotProvider(fn *types.Func) bool {
	f := m.Object(fn.Origin())
	return f != nil && f.NotProvider
}

// ProviderPackages returns the packages and package patterns whose every
// func and method is a provider call by declaration or configuration.
func (m *Model) ProviderPackages() []string {
	out := slices.Clone(m.pkgFact.ProviderPkgs)
	for _, p := range m.Config.Providers.Packages {
		out = append(out, p.Pattern)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Registries returns the summary-key registries in view, by name.
func (m *Model) Registries() []*Registry {
	seen := map[string]*Registry{}
	for _, f := range m.objects {
		if f.SummaryKeys != nil {
			seen[f.SummaryKeys.QualifiedName()] = f.SummaryKeys
		}
	}
	out := make([]*Registry, 0, len(seen))
	for _, qn := range slices.Sorted(maps.Keys(seen)) {
		out = append(out, seen[qn])
	}
	return out
}

// IsProviderPackage reports whether every func and method of the package
// is a provider call by declaration or configuration.
func (m *Model) IsProviderPackage(path string) bool {
	if slices.Contains(m.pkgFact.ProviderPkgs, path) {
		return true
	}
	for _, p := range m.Config.Providers.Packages {
		if config.MatchPattern(p.Pattern, path) {
			return true
		}
	}
	return false
}

// IsRender reports whether fn is a render entry point by declaration: a
// render directive (or configuration) on fn, its receiver's named type or
// its package clause. The configuration's render packages are not
// declarations of this kind; see InRenderPackage.
func (m *Model) IsRender(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	if f := m.Object(fn); f != nil && f.Render {
		return true
	}
	if recv := recvNamed(fn); recv != nil {
		if f := m.Object(recv.Obj()); f != nil && f.Render {
			return true
		}
	}
	if fn.Pkg() == nil {
		return false
	}
	return slices.Contains(m.pkgFact.RenderPkgs, fn.Pkg().Path())
}

// InRenderPackage reports whether the package under analysis matches a
// pattern of the configuration's render packages, whose functions that
// render are render paths (renderprovider decides which do).
func (m *Model) InRenderPackage() bool {
	path := m.Pkg.Path()
	for _, p := range m.Config.Render.Packages {
		if config.MatchPattern(p.Pattern, path) {
			return true
		}
	}
	return false
}

// IsRenderCall reports whether calling fn renders a page or component by
// declaration: a rendercall directive or configuration.
func (m *Model) IsRenderCall(fn *types.Func) bool {
	f := m.Object(fn)
	return f != nil && f.RenderCall
}

// recvNamed returns the named type of fn's receiver, or nil.
func recvNamed(fn *types.Func) *types.Named {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	return Named(sig.Recv().Type())
}

// Registry returns the summary-key registry that t (a named string type)
// is, or nil.
func (m *Model) Registry(t types.Type) *Registry {
	if f := m.TypeFact(t); f != nil {
		return f.SummaryKeys
	}
	return nil
}

// FuncName returns a short readable name of fn: "pkg.Func" or
// "(*pkg.Type).Method" with the package's name, not its path.
func FuncName(fn *types.Func) string {
	if fn == nil {
		return ""
	}
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Name() + "."
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		rt := types.Unalias(sig.Recv().Type())
		ptr := false
		if p, ok := rt.(*types.Pointer); ok {
			rt, ptr = types.Unalias(p.Elem()), true
		}
		name := ""
		switch t := rt.(type) {
		case *types.Named:
			name = t.Obj().Name()
		case *types.Interface:
			name = "interface"
		default:
			name = types.TypeString(rt, func(*types.Package) string { return "" })
		}
		if ptr {
			return fmt.Sprintf("(*%s%s).%s", pkg, name, fn.Name())
		}
		return fmt.Sprintf("%s%s.%s", pkg, name, fn.Name())
	}
	return pkg + fn.Name()
}

// IsTestFile reports whether the file name is a _test.go file.
func IsTestFile(name string) bool { return strings.HasSuffix(name, "_test.go") }

// Skip reports whether findings in file are not reported: test files
// (unless include-tests is set) and generated files.
func (m *Model) Skip(pass *analysis.Pass, file *ast.File) bool {
	name := pass.Fset.PositionFor(file.Package, false).Filename
	return m.skipName(name)
}

func (m *Model) skipName(name string) bool {
	if IsTestFile(name) && !m.IncludeTests {
		return true
	}
	return m.skipFile[name]
}
