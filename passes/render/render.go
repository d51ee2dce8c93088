// Package render is a shared pass of runtruth's checks: it finds the
// render entry points of a package, the code that runs while a page or
// component renders (see the renderprovider check for the rules), for the
// checks that judge what render paths do.
//
// The pass reports nothing. Checks take its *Result.
package render

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
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/passes/model"
	"github.com/runtruth/runtruth/passes/providers"
	"github.com/runtruth/runtruth/passes/reach"
)

// Analyzer is the render entry point pass.
var Analyzer = &analysis.Analyzer{
	Name:       "runtruthrender",
	Doc:        "find the render entry points of a package, for runtruth's checks",
	URL:        "https://github.com/runtruth/runtruth#renderprovider",
	Requires:   []*analysis.Analyzer{model.Analyzer, inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result is a package's render entry points.
type Result struct {
	// Entries are the entry points whose bodies are in the package, in
	// the order found.
	Entries []*Entry
	// Funcs are the functions of the package that are entry points.
	Funcs map[*types.Func]bool
	// Elsewhere are the template.FuncMap elements that name a function
	// declared in another package, or a provider call itself: the
	// element is where a check reports what the function does.
	Elsewhere []*FuncMapElement
}

// Entry is a render entry point whose body is in the package.
type Entry struct {
	Name string // as messages write it: "Page.Render", "HandleX.func1", `template func "x"`
	Body *ast.BlockStmt
	// Note says why a function is an entry point when the reason is
	// elsewhere (a template.FuncMap element).
	Note *analysis.RelatedInformation
}

// FuncMapElement is a template.FuncMap element that names a function.
type FuncMapElement struct {
	Value ast.Expr
	Name  string // `template func "x"`
	Func  *types.Func
}

type collector struct {
	pass   *analysis.Pass
	m      *model.Model
	res    *Result
	decls  map[*types.Func]*ast.FuncDecl
	byBody map[*ast.BlockStmt]bool
	// lits are the func literals of the package's func declarations,
	// litNames their names; inPlace holds those called where they are
	// written.
	lits     []*ast.FuncLit
	litNames map[*ast.FuncLit]string
	inPlace  map[*ast.FuncLit]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	c := &collector{
		pass:     pass,
		m:        m,
		res:      &Result{Funcs: map[*types.Func]bool{}},
		decls:    map[*types.Func]*ast.FuncDecl{},
		byBody:   map[*ast.BlockStmt]bool{},
		litNames: map[*ast.FuncLit]string{},
		inPlace:  map[*ast.FuncLit]bool{},
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
	for i := 0; i < len(c.res.Entries); i++ {
		c.handlers(c.res.Entries[i])
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
			if fn := c.callee(n); fn == nil || fn.Name() != "Funcs" || !isTemplateMethod(fn) {
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

	return c.res, nil
}

// callee returns the origin of the func or method that call statically
// invokes (for an interface method, the interface's), or nil.
func (c *collector) callee(call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// renderingCode makes the functions of the package that render, and the
// func literals that render and are not called in place, render entry
// points, unless they redirect: those are actions (post/redirect/get). A
// function that the package's functions call is not one of its own.
// A call of a function of the package that renders (or redirects) is a
// render (or redirect) call too, so both sets are fixpoints.
func (c *collector) renderingCode(funcs []*ast.FuncDecl) {
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
				if fn := c.callee(call); fn != nil && fn != self && fn.Pkg() == c.pass.Pkg {
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
func (c *collector) fixpoint(funcs []*ast.FuncDecl, is func(*types.Func) bool) map[*types.Func]bool {
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
func (c *collector) onMainPath(body *ast.BlockStmt, local map[*types.Func]bool, is func(*types.Func) bool) bool {
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
			if fn := c.callee(n); fn != nil && (local[fn] || is(fn)) {
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
func (c *collector) exits(list []ast.Stmt) bool {
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
func (c *collector) isRenderCall(fn *types.Func) bool {
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
func (c *collector) handlers(e *Entry) {
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
	ast.Inspect(e.Body, visit)
}

// isHandler reports whether a func literal has the signature of an
// http.HandlerFunc.
func (c *collector) isHandler(lit *ast.FuncLit) bool {
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
func (c *collector) addLit(lit *ast.FuncLit) {
	name, ok := c.litNames[lit]
	if !ok || c.byBody[lit.Body] {
		return
	}
	c.byBody[lit.Body] = true
	c.res.Entries = append(c.res.Entries, &Entry{Name: name, Body: lit.Body})
}

// funcLitNames names the func literals of fd as the runtime does
// (Handle.func1, Handle.func1.2) and reports which are called in place.
func (c *collector) funcLitNames(fd *ast.FuncDecl, fn *types.Func) {
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
func (c *collector) addFunc(fn *types.Func, note *analysis.RelatedInformation) {
	fd := c.decls[fn]
	if fd == nil || c.byBody[fd.Body] {
		return
	}
	c.byBody[fd.Body] = true
	c.res.Funcs[fn] = true
	c.res.Entries = append(c.res.Entries, &Entry{Name: reach.LocalName(fn), Body: fd.Body, Note: note})
}

// funcMap makes the functions of a template.FuncMap literal render entry
// points; a function declared elsewhere (or a provider itself) is recorded
// as an element of its own.
func (c *collector) funcMap(lit *ast.CompositeLit) {
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
				c.res.Entries = append(c.res.Entries, &Entry{Name: name, Body: fl.Body})
			}
			continue
		}
		fn := c.funcOf(value)
		if fn == nil {
			continue // a func-typed variable or field: not statically known
		}
		fn = fn.Origin()
		if c.decls[fn] != nil && !providers.IsCall(c.m, fn) {
			c.addFunc(fn, &analysis.RelatedInformation{
				Pos: kv.Pos(), End: kv.End(),
				Message: fmt.Sprintf("%s is %s here", reach.LocalName(fn), name),
			})
			continue
		}
		c.res.Elsewhere = append(c.res.Elsewhere, &FuncMapElement{Value: kv.Value, Name: name, Func: fn})
	}
}

// funcOf returns the func or method that a func-valued expression names.
func (c *collector) funcOf(e ast.Expr) *types.Func {
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
