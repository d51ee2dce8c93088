package renderprovider

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/model"
	"github.com/runtruth/runtruth/passes/reach"
)

// Analyzer reports remote provider calls reachable from a render path.
var Analyzer = &analysis.Analyzer{
	Name:       "renderprovider",
	Doc:        checkdoc.MustExtract(doc, "renderprovider"),
	URL:        "https://github.com/runtruth/runtruth#renderprovider",
	Requires:   []*analysis.Analyzer{model.Analyzer, reach.Analyzer, inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

// instead is what every diagnostic recommends.
const instead = "load it in a job or service before rendering and pass the result in"

// entry is a render entry point whose body is in the package.
type entry struct {
	name string
	body *ast.BlockStmt
	// note says why a function is an entry point when the reason is
	// elsewhere (a template.FuncMap element).
	note *analysis.RelatedInformation
}

type checker struct {
	pass    *analysis.Pass
	m       *model.Model
	r       *reach.Result
	rep     *model.Reporter
	decls   map[*types.Func]*ast.FuncDecl
	entries []*entry
	byBody  map[*ast.BlockStmt]bool
	// entryFuncs are the functions of the package that are entry points:
	// a call of one is reported in its own body.
	entryFuncs map[*types.Func]bool
	// litNames names the func literals of the package's func
	// declarations; inPlace holds those called where they are written.
	lits     []*ast.FuncLit
	litNames map[*ast.FuncLit]string
	inPlace  map[*ast.FuncLit]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	rep := m.NewReporter(pass)
	if !r.Possible() {
		return rep.Result(), nil
	}
	c := &checker{
		pass:       pass,
		m:          m,
		r:          r,
		rep:        rep,
		decls:      map[*types.Func]*ast.FuncDecl{},
		byBody:     map[*ast.BlockStmt]bool{},
		entryFuncs: map[*types.Func]bool{},
		litNames:   map[*ast.FuncLit]string{},
		inPlace:    map[*ast.FuncLit]bool{},
	}

	// Functions and methods: render directives and the component shape.
	var funcs []*ast.FuncDecl
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok || fn == nil {
				continue
			}
			c.decls[fn] = fd
			funcs = append(funcs, fd)
			c.funcLitNames(fd, fn)
			if m.IsRender(fn) || isComponent(fn) {
				c.addFunc(fn, nil)
			}
		}
	}
	// In a render package, the functions and func literals that render.
	if m.InRenderPackage() {
		c.renderingCode(funcs)
	}
	// The handlers that entry points return or register, and theirs.
	for i := 0; i < len(c.entries); i++ {
		c.handlers(c.entries[i])
	}

	// Template functions.
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.CompositeLit)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if tv, ok := pass.TypesInfo.Types[n]; ok && isFuncMap(tv.Type) {
				c.funcMap(n)
			}
		case *ast.CallExpr:
			// t.Funcs(map[string]any{...}): a FuncMap by assignment.
			if fn := r.Callee(n); fn == nil || fn.Name() != "Funcs" || !isTemplateMethod(fn) {
				return
			}
			for _, a := range n.Args {
				if lit, ok := ast.Unparen(a).(*ast.CompositeLit); ok {
					if tv, ok := pass.TypesInfo.Types[lit]; ok && !isFuncMap(tv.Type) {
						c.funcMap(lit)
					}
				}
			}
		}
	})

	for _, e := range c.entries {
		c.check(e)
	}
	return rep.Result(), nil
}

// renderingCode makes the functions of the package that render, and the
// func literals that render and are not called in place, render entry
// points, unless they redirect: those are actions (post/redirect/get). A
// function that the package's functions call is not one of its own.
// A call of a function of the package that renders (or redirects) is a
// render (or redirect) call too, so both sets are fixpoints.
func (c *checker) renderingCode(funcs []*ast.FuncDecl) {
	renderers := c.fixpoint(funcs, c.isRenderCall)
	redirecters := c.fixpoint(funcs, isRedirectCall)
	page := func(body *ast.BlockStmt) bool {
		return c.onMainPath(body, renderers, c.isRenderCall) && !c.onMainPath(body, redirecters, isRedirectCall)
	}
	// A function that other functions of the package call is a helper:
	// part of its callers' paths, where its provider calls are reported.
	called := map[*types.Func]bool{}
	for _, fd := range funcs {
		self := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn := c.r.Callee(call); fn != nil && fn != self && fn.Pkg() == c.pass.Pkg {
					called[fn] = true
				}
			}
			return true
		})
	}
	for _, fd := range funcs {
		fn := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
		if !called[fn] && page(fd.Body) {
			c.addFunc(fn, nil)
		}
	}
	for _, lit := range c.lits {
		if !c.inPlace[lit] && page(lit.Body) {
			c.addLit(lit)
		}
	}
}

// fixpoint returns the functions of the package that make, on their main
// path, a call of a function for which is reports true or of a function
// already found.
func (c *checker) fixpoint(funcs []*ast.FuncDecl, is func(*types.Func) bool) map[*types.Func]bool {
	set := map[*types.Func]bool{}
	for changed := true; changed; {
		changed = false
		for _, fd := range funcs {
			fn := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !set[fn] && c.onMainPath(fd.Body, set, is) {
				set[fn] = true
				changed = true
			}
		}
	}
	return set
}

// onMainPath reports whether body makes a call of a function in local or
// for which is reports true, on its main path: not inside a branch that
// ends in a return (or a panic), and not inside a func literal. Such
// branches show an error page, or a submitted form again with its errors.
func (c *checker) onMainPath(body *ast.BlockStmt, local map[*types.Func]bool, is func(*types.Func) bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			return n == body || !c.exits(n.List)
		case *ast.CaseClause:
			return !c.exits(n.Body)
		case *ast.CommClause:
			return !c.exits(n.Body)
		case *ast.CallExpr:
			if fn := c.r.Callee(n); fn != nil && (local[fn] || is(fn)) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// isRedirectCall reports whether calling fn redirects the client: a func
// or method named Redirect, or whose name starts or ends with it
// (http.Redirect, gin's and echo's Redirect, a framework's
// RedirectToCurrentSite or JSONRedirect).
func isRedirectCall(fn *types.Func) bool {
	name := fn.Name()
	return strings.HasPrefix(name, "Redirect") || strings.HasSuffix(name, "Redirect")
}

// exits reports whether a statement list ends by leaving the function.
func (c *checker) exits(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	switch s := list[len(list)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok {
			return false
		}
		b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin)
		return ok && b.Name() == "panic"
	}
	return false
}

// isRenderCall reports whether calling fn renders a page or component:
// the template, templ, gin and echo render calls, or a declared render
// call.
func (c *checker) isRenderCall(fn *types.Func) bool {
	if c.m.IsRenderCall(fn) {
		return true
	}
	if isComponent(fn) {
		return true // templ: a component's Render
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	recv := model.Named(sig.Recv().Type())
	if recv == nil || recv.Obj().Pkg() == nil {
		return false
	}
	path, typ := recv.Obj().Pkg().Path(), recv.Obj().Name()
	switch fn.Name() {
	case "Execute", "ExecuteTemplate":
		return typ == "Template" && (path == "html/template" || path == "text/template")
	case "HTML":
		return typ == "Context" && path == "github.com/gin-gonic/gin"
	case "Render":
		return typ == "Context" && (path == "github.com/labstack/echo/v4" || path == "github.com/labstack/echo/v5")
	}
	return false
}

// handlers makes the func literals that an entry point returns, or passes
// as an http.Handler or http.HandlerFunc, entry points of their own.
func (c *checker) handlers(e *entry) {
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its calls run only if it is called
		case *ast.ReturnStmt:
			for _, res := range n.Results {
				if lit, ok := ast.Unparen(res).(*ast.FuncLit); ok {
					c.addLit(lit)
				}
			}
		case *ast.CallExpr:
			for _, a := range n.Args {
				if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok && c.isHandler(lit) {
					c.addLit(lit)
				}
			}
		}
		return true
	}
	ast.Inspect(e.body, visit)
}

// isHandler reports whether a func literal has the signature of an
// http.HandlerFunc.
func (c *checker) isHandler(lit *ast.FuncLit) bool {
	tv, ok := c.pass.TypesInfo.Types[lit]
	if !ok {
		return false
	}
	sig, ok := tv.Type.(*types.Signature)
	if !ok || sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return false
	}
	req, ok := sig.Params().At(1).Type().(*types.Pointer)
	return ok && isNamed(sig.Params().At(0).Type(), "net/http", "ResponseWriter") && isNamed(req.Elem(), "net/http", "Request")
}

// addLit makes a func literal of a func declaration a render entry point.
func (c *checker) addLit(lit *ast.FuncLit) {
	name, ok := c.litNames[lit]
	if !ok || c.byBody[lit.Body] {
		return
	}
	c.byBody[lit.Body] = true
	c.entries = append(c.entries, &entry{name: name, body: lit.Body})
}

// funcLitNames names the func literals of fd as the runtime does
// (Handle.func1, Handle.func1.2) and reports which are called in place.
func (c *checker) funcLitNames(fd *ast.FuncDecl, fn *types.Func) {
	var walk func(root ast.Node, prefix string)
	walk = func(root ast.Node, prefix string) {
		i := 0
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
					c.inPlace[lit] = true
				}
			case *ast.FuncLit:
				if n == root {
					return true
				}
				i++
				name := fmt.Sprintf("%s%d", prefix, i)
				c.litNames[n] = name
				c.lits = append(c.lits, n)
				walk(n, name+".")
				return false
			}
			return true
		})
	}
	walk(fd.Body, reach.LocalName(fn)+".func")
}

// addFunc makes the local function fn a render entry point.
func (c *checker) addFunc(fn *types.Func, note *analysis.RelatedInformation) {
	fd := c.decls[fn]
	if fd == nil || c.byBody[fd.Body] {
		return
	}
	c.byBody[fd.Body] = true
	c.entryFuncs[fn] = true
	c.entries = append(c.entries, &entry{name: reach.LocalName(fn), body: fd.Body, note: note})
}

// funcMap makes the functions of a template.FuncMap literal render entry
// points. A function declared elsewhere is reported at its element.
func (c *checker) funcMap(lit *ast.CompositeLit) {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key := types.ExprString(kv.Key)
		if tv, ok := c.pass.TypesInfo.Types[kv.Key]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			key = constant.StringVal(tv.Value)
		}
		name := fmt.Sprintf("template func %q", key)
		value := ast.Unparen(kv.Value)
		if fl, ok := value.(*ast.FuncLit); ok {
			if !c.byBody[fl.Body] {
				c.byBody[fl.Body] = true
				c.entries = append(c.entries, &entry{name: name, body: fl.Body})
			}
			continue
		}
		fn := c.funcOf(value)
		if fn == nil {
			continue // a func-typed variable or field: not statically known
		}
		fn = fn.Origin()
		if c.decls[fn] != nil && !c.r.IsProvider(fn) {
			c.addFunc(fn, &analysis.RelatedInformation{
				Pos: kv.Pos(), End: kv.End(),
				Message: fmt.Sprintf("%s is %s here", reach.LocalName(fn), name),
			})
			continue
		}
		if p := c.r.From(fn, value.Pos()); p != nil {
			c.report(kv.Value, name, p, nil)
		}
	}
}

// funcOf returns the func or method that a func-valued expression names.
func (c *checker) funcOf(e ast.Expr) *types.Func {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		fn, _ := c.pass.TypesInfo.Uses[e].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if sel := c.pass.TypesInfo.Selections[e]; sel != nil {
			if sel.Kind() == types.FieldVal {
				return nil
			}
			fn, _ := sel.Obj().(*types.Func)
			return fn
		}
		fn, _ := c.pass.TypesInfo.Uses[e.Sel].(*types.Func)
		return fn
	case *ast.IndexExpr:
		return c.funcOf(e.X)
	case *ast.IndexListExpr:
		return c.funcOf(e.X)
	}
	return nil
}

// check reports the calls of an entry point that reach a provider call.
func (c *checker) check(e *entry) {
	if c.rep.SkipPos(e.body.Pos()) {
		return
	}
	reach.EachCall(e.body, func(call *ast.CallExpr) {
		fn := c.r.Callee(call)
		if fn == nil || c.entryFuncs[fn] {
			return
		}
		if p := c.r.Call(call); p != nil {
			c.report(call, e.name, p, e.note)
		}
	})
}

func (c *checker) report(rng analysis.Range, entry string, p *reach.Path, note *analysis.RelatedInformation) {
	from := c.pass.Pkg.Path()
	prov := p.Provider().Display(from)
	var msg string
	if len(p.Hops) == 1 {
		msg = fmt.Sprintf("render path %s makes provider call %s; %s", entry, prov, instead)
	} else {
		msg = fmt.Sprintf("render path %s reaches provider call %s via %s; %s",
			entry, prov, strings.Join(p.Via(from), " → "), instead)
	}
	d := analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Message: msg}
	if note != nil {
		d.Related = append(d.Related, *note)
	}
	for i := 1; i < len(p.Hops); i++ {
		h := p.Hops[i]
		caller := p.Hops[i-1].Display(from)
		if i == len(p.Hops)-1 && p.Elided > 0 {
			caller = "…"
		}
		ri := analysis.RelatedInformation{Pos: c.r.Pos(h), Message: caller + " calls " + h.Display(from)}
		if !ri.Pos.IsValid() {
			ri.Pos = rng.Pos()
			ri.Message += " at " + h.At
		}
		d.Related = append(d.Related, ri)
	}
	c.rep.Report(d)
}

// isComponent reports whether fn has the templ component shape: a method
// Render(context.Context, io.Writer) error.
func isComponent(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || fn.Name() != "Render" || sig.Variadic() {
		return false
	}
	if sig.Params().Len() != 2 || sig.Results().Len() != 1 {
		return false
	}
	return isNamed(sig.Params().At(0).Type(), "context", "Context") &&
		isNamed(sig.Params().At(1).Type(), "io", "Writer") &&
		types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type())
}

func isNamed(t types.Type, path, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path && n.Obj().Name() == name
}

// isFuncMap reports whether t is template.FuncMap (html/template's is an
// alias of text/template's).
func isFuncMap(t types.Type) bool {
	return isNamed(t, "text/template", "FuncMap") || isNamed(t, "html/template", "FuncMap")
}

// isTemplateMethod reports whether fn is a method of html/template's or
// text/template's Template.
func isTemplateMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	n := model.Named(sig.Recv().Type())
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Name() != "Template" {
		return false
	}
	path := n.Obj().Pkg().Path()
	return path == "html/template" || path == "text/template"
}
