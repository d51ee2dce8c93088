// Package lifecycle is a shared pass of runtruth's checks: it finds which
// functions reach a start or a reconciler of a run type
// (//runtruth:start T, //runtruth:reconciler T, or the configuration's
// starts: and reconcilers:), and what a main package's program reaches.
//
// Reaching is by reference, not only by call: a function reaches what its
// body (func literals included) names as a func or method value, called or
// not, because a method value handed to a scheduler or a worker registry
// runs later. Besides:
//
//   - a composite literal or new(T) of a named type T reaches the
//     reconcilers that T's methods reach (not the methods that are
//     reconcilers themselves, nor starts), since a value of T may be
//     called through an interface: a job worker that a queue runs by its
//     Work method;
//   - a call of an interface method named M may reach every reconciler
//     method named M (approximating toward silence: a program that may
//     reconcile is not reported), but never a start; an interface method
//     that is itself declared a start or reconciler (starts: naming a
//     store interface's insert) is one;
//   - a program reaches what its main function reaches, and what the init
//     functions and package-level variable initializers of its packages
//     reach.
//
// Within a package the pass computes a fixpoint; across packages it reads
// and writes one object fact per function or method that reaches
// something, and one package fact with what the package's initialization
// reaches, its dependencies' included.
//
// The pass reports nothing. Checks take its *Result.
package lifecycle

import (
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/passes/model"
)

// Analyzer is the lifecycle reachability pass.
var Analyzer = &analysis.Analyzer{
	Name:       "runtruthlifecycle",
	Doc:        "find the functions and programs that reach a start or a reconciler of a run type, for runtruth's checks",
	URL:        "https://github.com/runtruth/runtruth#stalerun",
	Requires:   []*analysis.Analyzer{model.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
	FactTypes:  []analysis.Fact{(*Reaches)(nil), (*InitReaches)(nil)},
}

// Use is a run type that a function reaches a start or reconciler of, with
// the first such start or reconciler (by name) as its witness.
type Use struct {
	Run  string // the run type's qualified name
	Func string // the start or reconciler, as model.FuncName writes it
}

// Reaches is what a function or method reaches; as a fact, on a function
// or method that reaches a start or a reconciler.
type Reaches struct {
	Starts     []Use // sorted by Run, one each
	Reconciles []Use
}

// AFact marks Reaches as an analysis fact.
func (*Reaches) AFact() {}

func (r *Reaches) String() string {
	var parts []string
	for _, u := range r.Starts {
		parts = append(parts, "starts "+u.Run+" via "+u.Func)
	}
	for _, u := range r.Reconciles {
		parts = append(parts, "reconciles "+u.Run+" via "+u.Func)
	}
	return strings.Join(parts, "; ")
}

// empty reports whether r reaches nothing.
func (r *Reaches) empty() bool { return r == nil || len(r.Starts) == 0 && len(r.Reconciles) == 0 }

// Starting returns the start of run type qn that r reaches, or nil.
func (r *Reaches) Starting(qn string) *Use { return find(r.Starts, qn) }

// Reconciling returns the reconciler of run type qn that r reaches, or
// nil.
func (r *Reaches) Reconciling(qn string) *Use { return find(r.Reconciles, qn) }

func find(uses []Use, qn string) *Use {
	for i := range uses {
		if uses[i].Run == qn {
			return &uses[i]
		}
	}
	return nil
}

// add merges s into r and reports whether r grew.
func (r *Reaches) add(s *Reaches) bool {
	if s == nil {
		return false
	}
	a := merge(&r.Starts, s.Starts)
	b := merge(&r.Reconciles, s.Reconciles)
	return a || b
}

// merge adds the uses of more to *uses, keeping one use a run type (the
// smallest witness name, so that the result does not depend on order).
func merge(uses *[]Use, more []Use) bool {
	grew := false
	for _, u := range more {
		i, found := slices.BinarySearchFunc(*uses, u.Run, func(x Use, run string) int { return strings.Compare(x.Run, run) })
		switch {
		case !found:
			*uses = slices.Insert(*uses, i, u)
			grew = true
		case u.Func < (*uses)[i].Func:
			(*uses)[i].Func = u.Func
			grew = true
		}
	}
	return grew
}

// InitReaches is the package fact: what the initialization of the package
// and of its dependencies reaches (init functions and package-level
// variable initializers).
type InitReaches struct{ Reaches }

// AFact marks InitReaches as an analysis fact.
func (*InitReaches) AFact() {}

// Result is what the package's functions reach.
type Result struct {
	// Funcs holds the functions and methods declared in the package that
	// reach something.
	Funcs map[*types.Func]*Reaches
	// Init is what the package's initialization reaches, its
	// dependencies' included.
	Init *Reaches
	// Main is the main function of a main package, or nil; Program is
	// what the program reaches (its main function and every package's
	// initialization).
	Main    *ast.FuncDecl
	Program *Reaches
}

// refs is what one body names.
type refs struct {
	funcs      map[*types.Func]bool  // concrete funcs and methods, origins
	types      map[*types.Named]bool // named types made by a composite literal or new
	ifaceNames map[string]bool       // interface methods called or taken as values
	abstract   map[*types.Func]bool  // the same interface methods
}

func newRefs() *refs {
	return &refs{funcs: map[*types.Func]bool{}, types: map[*types.Named]bool{}, ifaceNames: map[string]bool{}, abstract: map[*types.Func]bool{}}
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	res := &Result{Funcs: map[*types.Func]*Reaches{}, Init: &Reaches{}}
	decls := m.Lifecycle()
	if len(decls) == 0 {
		return res, nil // no start or reconciler in view
	}
	reconcilerNamed := map[string][]Use{} // method name → reconcilers of that name
	for _, d := range decls {
		if d.Kind == "reconciler" && d.Method != "" {
			reconcilerNamed[d.Method] = append(reconcilerNamed[d.Method], Use{Run: d.Run, Func: d.Func})
		}
	}

	// The bodies: each declared function's, and the initialization's.
	bodies := map[*types.Func]*refs{}
	var order []*types.Func
	initRefs := newRefs()
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
				if !ok || decl.Body == nil {
					continue
				}
				if decl.Recv == nil && decl.Name.Name == "init" {
					collect(pass.TypesInfo, decl.Body, initRefs)
					continue
				}
				r := newRefs()
				collect(pass.TypesInfo, decl.Body, r)
				bodies[fn] = r
				order = append(order, fn)
				if decl.Recv == nil && decl.Name.Name == "main" && pass.Pkg.Name() == "main" {
					res.Main = decl
				}
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for _, v := range vs.Values {
							collect(pass.TypesInfo, v, initRefs)
						}
					}
				}
			}
		}
	}

	// What a function reaches by itself: its own declaration.
	own := func(fn *types.Func) *Reaches {
		f := m.Object(fn)
		if f == nil {
			return nil
		}
		r := &Reaches{}
		if f.Starts != "" {
			r.Starts = []Use{{Run: f.Starts, Func: model.FuncName(fn)}}
		}
		if f.Reconciles != "" {
			r.Reconciles = []Use{{Run: f.Reconciles, Func: model.FuncName(fn)}}
		}
		return r
	}
	imported := map[*types.Func]*Reaches{}
	reachesOf := func(fn *types.Func) *Reaches {
		if fn.Pkg() == pass.Pkg {
			return res.Funcs[fn]
		}
		r, ok := imported[fn]
		if !ok {
			r = own(fn)
			var fact Reaches
			if pass.ImportObjectFact(fn, &fact) {
				if r == nil {
					r = &Reaches{}
				}
				r.add(&fact)
			}
			imported[fn] = r
		}
		return r
	}
	// reach adds to r what the names of a body reach.
	reach := func(r *Reaches, rs *refs) bool {
		grew := false
		for fn := range rs.funcs {
			grew = r.add(reachesOf(fn)) || grew
		}
		for t := range rs.types {
			for i := range t.NumMethods() {
				mth := t.Method(i).Origin()
				mr := reachesOf(mth)
				if mr == nil {
					continue
				}
				// The reconcilers that the method's body reaches, not
				// the method itself: making a value of the type that
				// declares the reconciler (oprun's Service) does not
				// schedule it; making a job worker that calls it
				// does.
				self := ""
				if f := m.Object(mth); f != nil {
					self = f.Reconciles
				}
				for _, u := range mr.Reconciles {
					if u.Run != self {
						grew = merge(&r.Reconciles, []Use{u}) || grew
					}
				}
			}
		}
		for name := range rs.ifaceNames {
			grew = merge(&r.Reconciles, reconcilerNamed[name]) || grew
		}
		for fn := range rs.abstract {
			// An interface method that the configuration declares
			// a start or reconciler (a store interface's insert).
			grew = r.add(own(fn)) || grew
		}
		return grew
	}

	for _, fn := range order {
		if r := own(fn); r != nil {
			res.Funcs[fn] = r
		}
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range order {
			r := res.Funcs[fn]
			if r == nil {
				r = &Reaches{}
			}
			if reach(r, bodies[fn]) {
				res.Funcs[fn] = r
				changed = true
			}
		}
	}
	for _, fn := range order {
		if r := res.Funcs[fn]; r.empty() {
			delete(res.Funcs, fn)
		} else {
			pass.ExportObjectFact(fn, r)
		}
	}

	reach(res.Init, initRefs)
	for _, imp := range pass.Pkg.Imports() {
		var dep InitReaches
		if pass.ImportPackageFact(imp, &dep) {
			res.Init.add(&dep.Reaches)
		}
	}
	if !res.Init.empty() {
		pass.ExportPackageFact(&InitReaches{*res.Init})
	}

	if res.Main != nil {
		res.Program = &Reaches{}
		if fn, ok := pass.TypesInfo.Defs[res.Main.Name].(*types.Func); ok {
			res.Program.add(res.Funcs[fn])
		}
		res.Program.add(res.Init)
	}
	return res, nil
}

// collect adds the funcs, methods and types that node names to rs.
func collect(info *types.Info, node ast.Node, rs *refs) {
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			fn, ok := info.Uses[n].(*types.Func)
			if !ok {
				break
			}
			if sig, _ := fn.Type().(*types.Signature); sig != nil && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
				rs.ifaceNames[fn.Name()] = true
				rs.abstract[fn] = true
				break
			}
			rs.funcs[fn.Origin()] = true
		case *ast.CompositeLit:
			if t := model.Named(info.TypeOf(n)); t != nil {
				rs.types[t] = true
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "new" {
					if t := model.Named(info.TypeOf(n.Args[0])); t != nil {
						rs.types[t] = true
					}
				}
			}
		}
		return true
	})
}
