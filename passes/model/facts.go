package model

import (
	"fmt"
	"slices"
	"strings"
)

// ObjectFact is the set of runtruth declarations on one object (a named
// type, a struct field, a func or a method). It travels to every package
// that can see the object.
type ObjectFact struct {
	Run          *RunDecl      // //runtruth:run (named struct type)
	SummaryKeys  *Registry     // //runtruth:summarykeys (named string type)
	Summary      *SummaryParam // //runtruth:summary (func or method)
	Provider     bool          // //runtruth:provider
	NotProvider  bool          // providers: exclude: in the configuration (func or method)
	Render       bool          // //runtruth:render
	RenderCall   bool          // //runtruth:rendercall (func or method)
	Secret       bool          // //runtruth:secret (named type, field, or a func whose results are secret)
	Sanitizer    bool          // //runtruth:sanitizer (func or method)
	Scope        bool          // //runtruth:scope (struct field)
	Proof        bool          // //runtruth:proof (named struct type)
	Notification bool          // //runtruth:notification (named struct type)
	Sinks        []int         // //runtruth:sink: parameter indices (func or method)
	Link         string        // //runtruth:link: the route prefix (func)
	Writer       string        // //runtruth:writer: the qualified name of the run type it writes (func or method)
	Starts       string        // //runtruth:start: the qualified name of the run type it starts (func or method)
	Reconciles   string        // //runtruth:reconciler: the qualified name of the run type it reconciles (func or method)
}

// AFact marks ObjectFact as an analysis fact.
func (*ObjectFact) AFact() {}

func (f *ObjectFact) String() string {
	var parts []string
	if f.Run != nil {
		parts = append(parts, "run("+f.Run.String()+")")
	}
	if f.SummaryKeys != nil {
		parts = append(parts, fmt.Sprintf("summarykeys(%s)", strings.Join(f.SummaryKeys.Keys, ",")))
	}
	if f.Summary != nil {
		parts = append(parts, fmt.Sprintf("summary(%s)", f.Summary.Name))
	}
	for _, b := range []struct {
		on   bool
		name string
	}{{f.Provider, "provider"}, {f.NotProvider, "notprovider"}, {f.Render, "render"}, {f.RenderCall, "rendercall"}, {f.Secret, "secret"}, {f.Sanitizer, "sanitizer"}, {f.Scope, "scope"}, {f.Proof, "proof"}, {f.Notification, "notification"}} {
		if b.on {
			parts = append(parts, b.name)
		}
	}
	if len(f.Sinks) > 0 {
		parts = append(parts, fmt.Sprintf("sink%v", f.Sinks))
	}
	if f.Link != "" {
		parts = append(parts, "link("+f.Link+")")
	}
	if f.Writer != "" {
		parts = append(parts, "writer("+f.Writer+")")
	}
	if f.Starts != "" {
		parts = append(parts, "start("+f.Starts+")")
	}
	if f.Reconciles != "" {
		parts = append(parts, "reconciler("+f.Reconciles+")")
	}
	return strings.Join(parts, " ")
}

// merge adds g's declarations to f.
func (f *ObjectFact) merge(g *ObjectFact) {
	if g.Run != nil {
		f.Run = g.Run
	}
	if g.SummaryKeys != nil {
		f.SummaryKeys = g.SummaryKeys
	}
	if g.Summary != nil {
		f.Summary = g.Summary
	}
	f.Provider = f.Provider || g.Provider
	f.NotProvider = f.NotProvider || g.NotProvider
	f.Render = f.Render || g.Render
	f.RenderCall = f.RenderCall || g.RenderCall
	f.Secret = f.Secret || g.Secret
	f.Sanitizer = f.Sanitizer || g.Sanitizer
	f.Scope = f.Scope || g.Scope
	f.Proof = f.Proof || g.Proof
	f.Notification = f.Notification || g.Notification
	for _, i := range g.Sinks {
		if !slices.Contains(f.Sinks, i) {
			f.Sinks = append(f.Sinks, i)
		}
	}
	if g.Link != "" {
		f.Link = g.Link
	}
	if g.Writer != "" {
		f.Writer = g.Writer
	}
	if g.Starts != "" {
		f.Starts = g.Starts
	}
	if g.Reconciles != "" {
		f.Reconciles = g.Reconciles
	}
}

// RunDecl describes an operation-run record type.
type RunDecl struct {
	Pkg     string // import path of the declaring package
	PkgName string // name of the declaring package
	Name    string // type name
	// Fields are the lifecycle-guarded fields; FieldTypes holds, for each,
	// the qualified name ("pkg.Type") of its named type, or "".
	Fields     []string
	FieldTypes []string
	// Sinks are the message/context fields.
	Sinks []string
	// Owners are the package patterns that may write guarded fields; the
	// declaring package is always an owner.
	Owners []string
	// Tables are the names of the table that stores the run type, lower
	// case: the declared one, or the constant its TableName method
	// returns, or its name in snake_case and that name's plural.
	Tables []string
	// Columns holds, for each of Fields, its column, lower case: the
	// declared one, or the one its struct tag names, or its name in
	// snake_case.
	Columns []string
}

// Column returns the guarded field that the column col (any case) of
// the run type's table stores, or "".
func (r *RunDecl) Column(col string) string {
	for i, c := range r.Columns {
		if strings.EqualFold(c, col) && i < len(r.Fields) {
			return r.Fields[i]
		}
	}
	return ""
}

// Table reports whether t (any case, without its schema) is the run
// type's table.
func (r *RunDecl) Table(t string) bool {
	for _, name := range r.Tables {
		if strings.EqualFold(name, t) {
			return true
		}
	}
	return false
}

// QualifiedName returns "path/to/pkg.Name".
func (r *RunDecl) QualifiedName() string { return r.Pkg + "." + r.Name }

// Short returns the name as code in another package writes it: "pkg.Name".
func (r *RunDecl) Short() string { return r.PkgName + "." + r.Name }

func (r *RunDecl) String() string {
	return fmt.Sprintf("%s fields=%s sinks=%s owners=%s", r.QualifiedName(),
		strings.Join(r.Fields, ","), strings.Join(r.Sinks, ","), strings.Join(r.Owners, ","))
}

// Guards reports whether the run type guards the named field.
func (r *RunDecl) Guards(field string) bool { return slices.Contains(r.Fields, field) }

// IsSink reports whether the named field is a message/context sink.
func (r *RunDecl) IsSink(field string) bool { return slices.Contains(r.Sinks, field) }

// Registry is a summary-key registry: the named string type and its keys.
type Registry struct {
	Pkg  string
	Type string
	Keys []string // sorted
	// Listed is set when the keys come from a configured keys list rather
	// than from the constants of Type, so that diagnostics can say where a
	// key is registered.
	Listed bool
}

// QualifiedName returns "pkg.Type".
func (r *Registry) QualifiedName() string { return r.Pkg + "." + r.Type }

// Has reports whether key is registered.
func (r *Registry) Has(key string) bool { return slices.Contains(r.Keys, key) }

// SummaryParam is the parameter of a func that receives summary counts.
type SummaryParam struct {
	Index int    // parameter index
	Name  string // parameter name
	// Registry is the registry that string keys are checked against (the
	// summarykeys type of the func's package), or nil when the key type is
	// itself a summarykeys type.
	Registry *Registry
}

// LinkDecl is a central run link builder.
type LinkDecl struct {
	Pkg    string
	Func   string
	Prefix string
}

// LifecycleDecl is a function that starts or reconciles runs of a run
// type (//runtruth:start, //runtruth:reconciler).
type LifecycleDecl struct {
	Kind string // "start" or "reconciler"
	Run  string // the run type's qualified name
	Func string // the function as FuncName writes it: "(*oprun.Service).ReconcileStale"
	// Method is the method's name when the function is a method (a call
	// of an interface method of that name may reach it), else "".
	Method string
}

// PackageFact is exported for every package. Besides the package clause's
// own directives it carries the declarations that checks need even where
// the declaring package is only an indirect dependency, so that every
// driver (which may show only direct imports' package facts) sees them.
type PackageFact struct {
	Provider bool // //runtruth:provider on the package clause (or configured)
	Render   bool // //runtruth:render on the package clause (or configured)

	// Closure over this package and its dependencies, sorted.
	Runs         []RunDecl
	Links        []LinkDecl
	ProviderPkgs []string
	RenderPkgs   []string
	Lifecycle    []LifecycleDecl
}

// AFact marks PackageFact as an analysis fact.
func (*PackageFact) AFact() {}

// empty reports whether the fact says nothing, as an absent fact does.
func (f *PackageFact) empty() bool {
	return !f.Provider && !f.Render && len(f.Runs) == 0 && len(f.Links) == 0 && len(f.ProviderPkgs) == 0 && len(f.RenderPkgs) == 0 && len(f.Lifecycle) == 0
}

func (f *PackageFact) String() string {
	return fmt.Sprintf("provider=%t render=%t runs=%d links=%d providerpkgs=%d renderpkgs=%d lifecycle=%d",
		f.Provider, f.Render, len(f.Runs), len(f.Links), len(f.ProviderPkgs), len(f.RenderPkgs), len(f.Lifecycle))
}
