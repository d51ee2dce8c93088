// Package reach is a shared pass of runtruth's checks: it finds which
// functions and methods reach a remote provider call.
//
// A provider call is a call of a func or method under a provider directive
// or configuration (model.IsProvider), one of the built-in defaults (the
// net/http client and the cloud SDKs, see package providers), or a call of
// an interface method whose interface is declared in a provider package.
//
// A function reaches a provider call when one of the calls that run when
// it runs is a provider call, or has a statically known callee that
// reaches one. The calls that run are those of its body, including calls
// in go and defer statements and in func literals called in place; a func
// literal or func value that is only stored or passed along does not run.
// Method calls through embedding resolve to the promoted method and calls
// of generic functions and methods to their origin. Within a package the
// pass computes a fixpoint over the package's call graph (built from the
// syntax and types.Info), so recursion terminates; across packages it
// reads and writes one object fact per exported function or method that
// reaches a provider call, carrying the shortest witness chain (names and
// positions as strings, at most MaxHops hops).
//
// The pass reports nothing. Checks take its *Result.
package reach

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/passes/internal/pkgsource"
	"github.com/runtruth/runtruth/passes/model"
	"github.com/runtruth/runtruth/passes/providers"
)

// Analyzer is the reachability pass.
var Analyzer = &analysis.Analyzer{
	Name:       "reach",
	Doc:        "find the functions that reach a remote provider call, for runtruth's checks",
	URL:        "https://github.com/runtruth/runtruth#renderprovider",
	Requires:   []*analysis.Analyzer{model.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
	FactTypes:  []analysis.Fact{(*Path)(nil), (*PackageFact)(nil)},
}

// MaxHops bounds the hops a Path keeps: a longer chain keeps its first
// MaxHops-1 hops and its provider call, and counts the others in Elided.
const MaxHops = 12

// Hop is one call of a witness chain.
type Hop struct {
	Pkg     string // import path of the callee's package
	PkgName string // name of the callee's package
	Name    string // the callee as its own package writes it: "fetch", "Client.Users", "(*Client).Users"
	At      string // the call site, "file:line:col"

	pos token.Pos // the call site, when known in this pass's file set
}

// Display returns the callee as code in the package with import path from
// writes it: unqualified there, qualified by package name elsewhere.
func (h Hop) Display(from string) string {
	if h.Pkg == from || h.PkgName == "" {
		return h.Name
	}
	if rest, ok := strings.CutPrefix(h.Name, "(*"); ok {
		return "(*" + h.PkgName + "." + rest
	}
	return h.PkgName + "." + h.Name
}

// Path is a witness chain from a call (or a function) to a provider call:
// Hops[0] is the first call, the last hop is the provider call. As a fact
// on a function it is the chain from the function's first such call.
type Path struct {
	Hops   []Hop
	Elided int // hops left out just before the last one, to bound the size
}

// AFact marks Path as an analysis fact.
func (*Path) AFact() {}

// Len returns the length of the whole chain, elided hops included.
func (p *Path) Len() int { return len(p.Hops) + p.Elided }

// Provider returns the provider call that ends the chain.
func (p *Path) Provider() Hop { return p.Hops[len(p.Hops)-1] }

// Via returns the callees before the provider call, as code in package
// from writes them, with any elided hops as "… N more".
func (p *Path) Via(from string) []string {
	var via []string
	for _, h := range p.Hops[:len(p.Hops)-1] {
		via = append(via, h.Display(from))
	}
	if p.Elided > 0 {
		via = append(via, fmt.Sprintf("… %d more", p.Elided))
	}
	return via
}

func (p *Path) String() string {
	if len(p.Hops) == 0 {
		return "reaches nothing"
	}
	s := "reaches " + p.Provider().Display("")
	if via := p.Via(""); len(via) > 0 {
		s += " via " + strings.Join(via, " → ")
	}
	return s
}

// prepend returns the chain h, p... bounded to MaxHops.
func prepend(h Hop, p *Path) *Path {
	hops := make([]Hop, 0, len(p.Hops)+1)
	hops = append(hops, h)
	hops = append(hops, p.Hops...)
	q := &Path{Hops: hops, Elided: p.Elided}
	if n := len(q.Hops); n > MaxHops {
		cut := n - MaxHops
		q.Hops = append(q.Hops[:MaxHops-1:MaxHops-1], q.Hops[n-1])
		q.Elided += cut
	}
	return q
}

// stripped returns p without positions in this pass's file set, as it
// travels to other packages.
func (p *Path) stripped() *Path {
	q := &Path{Hops: make([]Hop, len(p.Hops)), Elided: p.Elided}
	for i, h := range p.Hops {
		h.pos = token.NoPos
		q.Hops[i] = h
	}
	return q
}

// PackageFact is exported for a package when it, or a package it depends
// on, declares a provider, is a provider package or reaches a provider
// call. A package none of whose dependencies has it, and that has no
// provider package among its dependencies, is skipped.
type PackageFact struct {
	Reaches bool
}

// AFact marks PackageFact as an analysis fact.
func (*PackageFact) AFact() {}

func (f *PackageFact) String() string { return fmt.Sprintf("reaches=%t", f.Reaches) }

// Result is what checks get from the pass.
type Result struct {
	pass     *analysis.Pass
	m        *model.Model
	possible bool
	local    map[*types.Func]*Path // this package's functions that reach

	filesOnce sync.Once
	files     map[string]*token.File
}

// Possible reports whether any call in the package can be or reach a
// provider call. When it is false a check has nothing to find.
func (r *Result) Possible() bool { return r.possible }

// IsProvider reports whether calling fn is a remote provider call.
func (r *Result) IsProvider(fn *types.Func) bool { return IsProvider(r.m, fn) }

// Callee returns the origin of the func or method that call statically
// invokes, or nil (conversions, builtins, func values). For a call of an
// interface method it returns the interface's method.
func (r *Result) Callee(call *ast.CallExpr) *types.Func {
	return callee(r.pass.TypesInfo, call)
}

func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// Func returns the chain by which calling fn reaches a provider call (fn
// itself not included), or nil. It does not report fn being a provider
// itself; see IsProvider.
func (r *Result) Func(fn *types.Func) *Path {
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	fn = fn.Origin()
	if fn.Pkg() == r.pass.Pkg {
		return r.local[fn]
	}
	var p Path
	if r.pass.ImportObjectFact(fn, &p) && len(p.Hops) > 0 {
		return &p
	}
	return nil
}

// Call returns the chain by which call reaches a provider call, starting
// with the call itself, or nil.
func (r *Result) Call(call *ast.CallExpr) *Path {
	fn := r.Callee(call)
	if fn == nil {
		return nil
	}
	if h, ok := providerCall(r.pass, r.m, call, fn, r.IsProvider); ok {
		return &Path{Hops: []Hop{h}}
	}
	return r.From(fn, call.Pos())
}

// From returns the chain of a use of fn at pos: a one-hop chain when fn is
// a provider, fn's hop followed by its chain when it reaches one, or nil.
func (r *Result) From(fn *types.Func, pos token.Pos) *Path {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	h := newHop(r.pass.Fset, fn, pos)
	if r.IsProvider(fn) {
		return &Path{Hops: []Hop{h}}
	}
	if p := r.Func(fn); p != nil {
		return prepend(h, p)
	}
	return nil
}

// Pos returns the position of the hop's call site in the pass's file set,
// or token.NoPos when the file is not in it.
func (r *Result) Pos(h Hop) token.Pos {
	if h.pos.IsValid() {
		return h.pos
	}
	name, line, col := splitAt(h.At)
	if line == 0 {
		return token.NoPos
	}
	r.filesOnce.Do(func() {
		r.files = map[string]*token.File{}
		r.pass.Fset.Iterate(func(f *token.File) bool {
			if _, dup := r.files[f.Name()]; !dup {
				r.files[f.Name()] = f
			}
			return true
		})
	})
	f := r.files[name]
	if f == nil || line > f.LineCount() {
		return token.NoPos
	}
	start := f.LineStart(line)
	end := f.Base() + f.Size()
	if line < f.LineCount() {
		end = int(f.LineStart(line + 1))
	}
	if col > 1 && int(start)+col-1 < end {
		return start + token.Pos(col-1)
	}
	return start
}

// EachCall calls f for every call that runs when body runs: the calls of
// body, including those in go and defer statements and in func literals
// called in place, but not those in func literals that are only stored or
// passed along. A func literal called in place is not itself passed to f.
func EachCall(body ast.Node, f func(*ast.CallExpr)) {
	if body == nil {
		return
	}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // runs only if called
		case *ast.CallExpr:
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				ast.Inspect(lit.Body, visit)
				for _, a := range n.Args {
					ast.Inspect(a, visit)
				}
				return false
			}
			f(n)
		}
		return true
	}
	ast.Inspect(body, visit)
}

// IsProvider reports whether calling fn is a remote provider call: by
// declaration or configuration (model.IsProvider) or by default
// (providers.IsDefault). For an interface method, the interface's package
// and named type decide.
func IsProvider(m *model.Model, fn *types.Func) bool {
	if fn == nil {
		return false
	}
	return providers.IsCall(m, fn.Origin())
}

// providerCall returns the hop of a call of fn when it is a provider
// call: fn is a provider, or the call is of a method of an interface
// declared in a provider package (or under a provider directive), even a
// method the interface embeds from elsewhere, or of an interface-typed
// field of a provider type. providers: exclude: in the configuration
// takes a method out.
func providerCall(pass *analysis.Pass, m *model.Model, call *ast.CallExpr, fn *types.Func, isProvider func(*types.Func) bool) (Hop, bool) {
	if isProvider(fn) {
		return newHop(pass.Fset, fn, call.Pos()), true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return Hop{}, false
	}
	s := pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return Hop{}, false
	}
	n := model.Named(s.Recv())
	if n == nil || !types.IsInterface(n) || n.Obj().Pkg() == nil || m.IsNotProvider(fn) {
		return Hop{}, false
	}
	pkg := n.Obj().Pkg()
	f := m.Object(n.Obj())
	if providers.IsDefaultPackage(pkg.Path()) || m.IsProviderPackage(pkg.Path()) || (f != nil && f.Provider) {
		h := newHop(pass.Fset, fn, call.Pos())
		h.Pkg, h.PkgName, h.Name = pkg.Path(), pkg.Name(), n.Obj().Name()+"."+fn.Name()
		return h, true
	}
	// A method of an interface-typed field of a declared provider type
	// (client.Users.Find, with Client a provider): the field is the
	// provider's API, and the call a provider call.
	inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok {
		return Hop{}, false
	}
	fs := pass.TypesInfo.Selections[inner]
	if fs == nil || fs.Kind() != types.FieldVal {
		return Hop{}, false
	}
	owner := model.Named(fs.Recv())
	if owner == nil || owner.Obj().Pkg() == nil {
		return Hop{}, false
	}
	if of := m.Object(owner.Obj()); of == nil || !of.Provider {
		return Hop{}, false
	}
	opkg := owner.Obj().Pkg()
	h := newHop(pass.Fset, fn, call.Pos())
	h.Pkg, h.PkgName, h.Name = opkg.Path(), opkg.Name(), owner.Obj().Name()+"."+fs.Obj().Name()+"."+fn.Name()
	return h, true
}

// newHop describes a call of fn at pos.
func newHop(fset *token.FileSet, fn *types.Func, pos token.Pos) Hop {
	h := Hop{Name: LocalName(fn), pos: pos}
	if fn.Pkg() != nil {
		h.Pkg, h.PkgName = fn.Pkg().Path(), fn.Pkg().Name()
	}
	if pos.IsValid() {
		h.At = fset.Position(pos).String()
	}
	return h
}

// LocalName returns fn's name as its own package writes it: "fetch",
// "Client.Users" or "(*Client).Users".
func LocalName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return fn.Name()
	}
	rt := types.Unalias(sig.Recv().Type())
	ptr := false
	if p, ok := rt.(*types.Pointer); ok {
		rt, ptr = types.Unalias(p.Elem()), true
	}
	name := "interface"
	if n, ok := rt.(*types.Named); ok {
		name = n.Obj().Name()
	}
	if ptr {
		return "(*" + name + ")." + fn.Name()
	}
	return name + "." + fn.Name()
}

// node is a function of the package under analysis with a body.
type node struct {
	fn   *types.Func
	body *ast.BlockStmt
	// best is the chosen first call of the shortest chain.
	dist     int // length of the chain; 0: does not reach
	at       token.Pos
	next     *types.Func // the callee of the chosen call
	imp      *Path       // the callee's imported chain, when it is not local
	provider *Hop        // the chosen call, when it is a provider call
	callers  []edge
}

type edge struct {
	from *node
	at   token.Pos
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	r := &Result{pass: pass, m: m, local: map[*types.Func]*Path{}}
	self := pass.Pkg.Path()
	selfProvider := providers.IsDefaultPackage(self) || m.IsProviderPackage(self)
	// The standard library calls no provider but through the net/http
	// client, whose calls are provider calls by name: it is not analyzed.
	r.possible = selfProvider || !pkgsource.Standard(pass) && possible(pass, m)
	if !r.possible {
		return r, nil
	}
	if selfProvider {
		// Every call into the package is a provider call already.
		pass.ExportPackageFact(&PackageFact{Reaches: true})
		return r, nil
	}

	nodes := map[*types.Func]*node{}
	var order []*node
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok || fn == nil || IsProvider(m, fn) {
				continue
			}
			n := &node{fn: fn, body: fd.Body}
			nodes[fn] = n
			order = append(order, n)
		}
	}

	// Direct provider calls and calls of imported functions that reach
	// one give each function its first candidate; calls of local
	// functions are edges for the fixpoint.
	better := func(n *node, dist int, at token.Pos) bool {
		return n.dist == 0 || dist < n.dist || dist == n.dist && at < n.at
	}
	imported := map[*types.Func]*Path{}
	provider := map[*types.Func]bool{}
	isProvider := func(fn *types.Func) bool {
		v, ok := provider[fn]
		if !ok {
			v = IsProvider(m, fn)
			provider[fn] = v
		}
		return v
	}
	var work []*node
	for _, n := range order {
		EachCall(n.body, func(call *ast.CallExpr) {
			fn := callee(pass.TypesInfo, call)
			if fn == nil {
				return
			}
			if h, ok := providerCall(pass, m, call, fn, isProvider); ok {
				if better(n, 1, call.Pos()) {
					n.dist, n.at, n.next, n.imp, n.provider = 1, call.Pos(), fn, nil, &h
				}
				return
			}
			if fn.Pkg() == pass.Pkg {
				if c := nodes[fn]; c != nil {
					c.callers = append(c.callers, edge{from: n, at: call.Pos()})
				}
				return
			}
			p, seen := imported[fn]
			if !seen {
				var fact Path
				if fn.Pkg() != nil && pass.ImportObjectFact(fn, &fact) && len(fact.Hops) > 0 {
					p = &fact
				}
				imported[fn] = p
			}
			if p != nil && better(n, 1+p.Len(), call.Pos()) {
				n.dist, n.at, n.next, n.imp, n.provider = 1+p.Len(), call.Pos(), fn, p, nil
			}
		})
		if n.dist > 0 {
			work = append(work, n)
		}
	}
	for len(work) > 0 {
		c := work[len(work)-1]
		work = work[:len(work)-1]
		for _, e := range c.callers {
			if better(e.from, c.dist+1, e.at) {
				e.from.dist, e.from.at, e.from.next, e.from.imp, e.from.provider = c.dist+1, e.at, c.fn, nil, nil
				work = append(work, e.from)
			}
		}
	}

	// Chains, following the chosen calls: the distance falls at every
	// step, so this ends.
	var chain func(n *node) *Path
	chain = func(n *node) *Path {
		if p := r.local[n.fn]; p != nil {
			return p
		}
		h := newHop(pass.Fset, n.next, n.at)
		var p *Path
		switch {
		case n.provider != nil:
			p = &Path{Hops: []Hop{*n.provider}}
		case n.imp != nil:
			p = prepend(h, n.imp)
		case nodes[n.next] != nil && nodes[n.next].dist > 0:
			p = prepend(h, chain(nodes[n.next]))
		default:
			p = &Path{Hops: []Hop{h}}
		}
		r.local[n.fn] = p
		return p
	}
	for _, n := range order {
		if n.dist == 0 {
			continue
		}
		p := chain(n)
		if exported(n.fn) {
			pass.ExportObjectFact(n.fn, p.stripped())
		}
	}
	// Whatever made the package possible makes its importers possible:
	// they may call methods of the same types.
	pass.ExportPackageFact(&PackageFact{Reaches: true})
	return r, nil
}

// exported reports whether another package can call fn.
func exported(fn *types.Func) bool {
	if !fn.Exported() {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return fn.Parent() == fn.Pkg().Scope()
	}
	n := model.Named(sig.Recv().Type())
	return n != nil && n.Obj().Parent() == fn.Pkg().Scope()
}

// possible reports whether a call of the package can reach a provider.
func possible(pass *analysis.Pass, m *model.Model) bool {
	if len(m.Config.Providers.Funcs) > 0 {
		return true // configured funcs may be anywhere
	}
	if importsReaching(pass) || declaresProvider(pass, m) {
		return true
	}
	// Provider packages by default or configuration: the configuration
	// may not have been applied when they were analyzed.
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		if path := p.Path(); path == "net/http" || providers.IsDefaultPackage(path) || m.IsProviderPackage(path) {
			return true
		}
		for _, imp := range p.Imports() {
			if walk(imp) {
				return true
			}
		}
		return false
	}
	return walk(pass.Pkg)
}

func importsReaching(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		var f PackageFact
		if pass.ImportPackageFact(imp, &f) && f.Reaches {
			return true
		}
	}
	return false
}

// declaresProvider reports whether the package declares a provider: its
// package clause, a type or a func.
func declaresProvider(pass *analysis.Pass, m *model.Model) bool {
	scope := pass.Pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			if m.IsProvider(obj) {
				return true
			}
		case *types.TypeName:
			if f := m.Object(obj); f != nil && f.Provider {
				return true
			}
			if n, ok := types.Unalias(obj.Type()).(*types.Named); ok {
				for i := range n.NumMethods() {
					if f := m.Object(n.Method(i)); f != nil && f.Provider {
						return true
					}
				}
			}
		}
	}
	return false
}
