package summarykeys

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/internal/textdist"
	"github.com/runtruth/runtruth/passes/config"
	"github.com/runtruth/runtruth/passes/model"
)

// Analyzer reports unregistered and dynamic summary keys and summary counts
// that are not flat numeric values.
var Analyzer = &analysis.Analyzer{
	Name:       "summarykeys",
	Doc:        checkdoc.MustExtract(doc, "summarykeys"),
	URL:        "https://github.com/runtruth/runtruth#summarykeys",
	Requires:   []*analysis.Analyzer{model.Analyzer, inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

type checker struct {
	pass *analysis.Pass
	m    *model.Model
	rep  *model.Reporter
	// done holds the positions of map keys already checked, so that a map
	// variable passed to several summary calls is reported once.
	done map[token.Pos]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	rep := m.NewReporter(pass)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, m: m, rep: rep, done: map[token.Pos]bool{}}
	for fc := range ins.Root().Children() {
		f, ok := fc.Node().(*ast.File)
		if !ok || m.Skip(pass, f) {
			continue
		}
		fc.Inspect(nil, func(cur inspector.Cursor) bool { return c.visit(f, cur.Node()) })
	}
	return rep.Result(), nil
}

// visit checks one node and reports whether to look inside it.
func (c *checker) visit(file *ast.File, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.ImportSpec:
		return false
	case *ast.ValueSpec:
		c.constDecl(n)
	case *ast.CallExpr:
		if c.constant(n) {
			return false
		}
		c.conversion(n)
		c.summaryCall(file, n)
	case ast.Expr:
		if c.constant(n) {
			return false
		}
	}
	return true
}

// registryOf returns the registry that t is, or nil. Unlike
// model.Registry it does not look through pointers.
func (c *checker) registryOf(t types.Type) *model.Registry {
	if t == nil {
		return nil
	}
	if _, ok := types.Unalias(t).(*types.Named); !ok {
		return nil
	}
	return c.m.Registry(t)
}

// constant checks e when it is a constant of a summary-key type and reports
// whether it was one. The outermost such expression is checked, so that
// K("a" + "b") is reported once.
func (c *checker) constant(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return false
	}
	reg := c.registryOf(tv.Type)
	if reg == nil {
		return false
	}
	// The empty string is the zero value ("no key"), not a key: it is
	// reported only as a key of summary counts.
	if key := constant.StringVal(tv.Value); key != "" && !reg.Has(key) {
		c.unregistered(e, key, reg)
	}
	return true
}

// unregistered reports the unregistered key of the constant expression e,
// naming the closest registered keys and, when exactly one is closest and e
// is a string literal, offering it as a fix.
func (c *checker) unregistered(e ast.Expr, key string, reg *model.Registry) {
	msg := fmt.Sprintf("unregistered summary key %q; ", key)
	near := closest(key, reg.Keys)
	if len(near) > 0 {
		quoted := make([]string, len(near))
		for i, k := range near {
			quoted[i] = strconv.Quote(k)
		}
		msg += "did you mean " + strings.Join(quoted, " or ") + "? "
	}
	msg += registerAdvice(reg)
	d := analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Message: msg}
	if lit := stringLit(e); lit != nil && len(near) == 1 {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("use the registered key %q", near[0]),
			TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(quoteLike(lit.Value, near[0]))}},
		}}
	}
	c.rep.Report(d)
}

// stringLit returns the string literal that e is, through parentheses and
// conversions, or nil.
func stringLit(e ast.Expr) *ast.BasicLit {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.BasicLit:
			if x.Kind == token.STRING {
				return x
			}
			return nil
		case *ast.CallExpr:
			if len(x.Args) != 1 {
				return nil
			}
			e = x.Args[0]
		default:
			return nil
		}
	}
}

// quoteLike quotes s as a raw string when the literal it replaces is raw
// and s allows it, as an interpreted string otherwise.
func quoteLike(old, s string) string {
	if strings.HasPrefix(old, "`") && !strings.ContainsAny(s, "`\r") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// registerAdvice says how to register a key in reg.
func registerAdvice(reg *model.Registry) string {
	switch {
	case reg.Pkg == advice.OprunPath:
		return "use an oprun.Summary* constant"
	case reg.Listed:
		return fmt.Sprintf("use a listed key or add it to the keys of %s under summary-keys in %s", reg.QualifiedName(), config.FileName)
	}
	return fmt.Sprintf("register it as a constant of %s in %s", reg.Type, reg.Pkg)
}

// useAdvice names what to use instead of a dynamic or local key.
func useAdvice(reg *model.Registry) string {
	switch {
	case reg.Pkg == advice.OprunPath:
		return "use an oprun.Summary* constant"
	case reg.Listed:
		return fmt.Sprintf("use a key listed for %s under summary-keys in %s", reg.QualifiedName(), config.FileName)
	}
	return fmt.Sprintf("use a constant of %s declared in %s", reg.Type, reg.Pkg)
}

// constDecl reports the declaration of a constant of a summary-key type
// outside the registry's package.
func (c *checker) constDecl(spec *ast.ValueSpec) {
	for _, name := range spec.Names {
		k, ok := c.pass.TypesInfo.Defs[name].(*types.Const)
		if !ok || name.Name == "_" {
			continue
		}
		reg := c.registryOf(k.Type())
		if reg == nil || reg.Pkg == c.pass.Pkg.Path() {
			continue
		}
		adv := fmt.Sprintf("declare it in %s to register it", reg.Pkg)
		if reg.Pkg == advice.OprunPath || reg.Listed {
			adv = useAdvice(reg)
		}
		c.rep.Reportf(name, "summary key constant %s of type %s declared outside %s registers nothing; %s",
			name.Name, c.typeString(k.Type()), reg.Pkg, adv)
	}
}

// conversion reports K(x) of a non-constant x outside K's package.
func (c *checker) conversion(call *ast.CallExpr) {
	if len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return
	}
	fun, ok := c.pass.TypesInfo.Types[call.Fun]
	if !ok || !fun.IsType() {
		return
	}
	reg := c.registryOf(fun.Type)
	if reg == nil || reg.Pkg == c.pass.Pkg.Path() {
		return
	}
	arg, ok := c.pass.TypesInfo.Types[call.Args[0]]
	if !ok || arg.Value != nil || arg.Type == nil || types.Identical(arg.Type, fun.Type) {
		return
	}
	c.rep.Reportf(call, "conversion of a non-constant %s to %s builds a dynamic summary key outside %s; %s",
		c.typeString(arg.Type), c.typeString(fun.Type), reg.Pkg, useAdvice(reg))
}

// summaryCall checks the map of summary counts passed to a summary func.
func (c *checker) summaryCall(file *ast.File, call *ast.CallExpr) {
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	f := c.m.Object(fn)
	if f == nil || f.Summary == nil {
		return
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return
	}
	idx := f.Summary.Index
	if idx < 0 || idx >= sig.Params().Len() || idx >= len(call.Args) || (sig.Variadic() && idx == sig.Params().Len()-1) {
		return
	}
	if _, multi := c.pass.TypesInfo.TypeOf(call.Args[0]).(*types.Tuple); multi {
		return // f(g()) with a multi-valued g
	}
	mt, ok := sig.Params().At(idx).Type().Underlying().(*types.Map)
	if !ok {
		return
	}
	s := &sink{fn: fn, param: f.Summary, m: mt}
	switch arg := ast.Unparen(call.Args[idx]).(type) {
	case *ast.CompositeLit:
		c.mapLit(s, arg)
	case *ast.Ident:
		if v := c.localVar(arg); v != nil {
			c.mapVar(s, file, v)
		}
	}
}

// sink is a summary parameter being checked.
type sink struct {
	fn    *types.Func
	param *model.SummaryParam
	m     *types.Map
}

func (c *checker) mapLit(s *sink, lit *ast.CompositeLit) {
	t := c.pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return
	}
	if _, ok := t.Underlying().(*types.Map); !ok {
		return
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			c.entry(s, kv.Key, kv.Value)
		}
	}
}

// localVar returns the local variable that id denotes, or nil.
func (c *checker) localVar(id *ast.Ident) *types.Var {
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pkg() != c.pass.Pkg || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// mapVar checks the map literals assigned to the local map variable v and
// its index assignments, within v's scope.
func (c *checker) mapVar(s *sink, file *ast.File, v *types.Var) {
	scope := v.Parent()
	lo, hi := scope.Pos(), scope.End()
	if !lo.IsValid() || !hi.IsValid() {
		return
	}
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		obj := c.pass.TypesInfo.ObjectOf(id)
		return obj == v
	}
	index := func(e ast.Expr) *ast.IndexExpr {
		ix, ok := ast.Unparen(e).(*ast.IndexExpr)
		if ok && is(ix.X) {
			return ix
		}
		return nil
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil || n.End() < lo || n.Pos() > hi {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			pairs := len(n.Lhs) == len(n.Rhs)
			for i, lhs := range n.Lhs {
				if pairs && is(lhs) {
					if lit, ok := ast.Unparen(n.Rhs[i]).(*ast.CompositeLit); ok {
						c.mapLit(s, lit)
					}
				}
				if ix := index(lhs); ix != nil {
					var val ast.Expr
					if pairs && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
						val = n.Rhs[i]
					}
					c.entry(s, ix.Index, val)
				}
			}
		case *ast.IncDecStmt:
			if ix := index(n.X); ix != nil {
				c.entry(s, ix.Index, nil)
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, name := range n.Names {
					if c.pass.TypesInfo.Defs[name] == v {
						if lit, ok := ast.Unparen(n.Values[i]).(*ast.CompositeLit); ok {
							c.mapLit(s, lit)
						}
					}
				}
			}
		}
		return true
	})
}

// entry checks one key and value (nil when unknown) of a map of summary
// counts.
func (c *checker) entry(s *sink, key, val ast.Expr) {
	if c.done[key.Pos()] {
		return
	}
	c.done[key.Pos()] = true
	label := types.ExprString(key)
	if reg := s.param.Registry; reg != nil {
		tv := c.pass.TypesInfo.Types[key]
		switch {
		case tv.Value == nil:
			c.rep.Reportf(key, "dynamic summary key %s passed to %s; %s",
				label, model.FuncName(s.fn), useAdvice(reg))
		case tv.Value.Kind() == constant.String:
			k := constant.StringVal(tv.Value)
			label = strconv.Quote(k)
			if !reg.Has(k) {
				c.unregistered(key, k, reg)
			}
		}
	} else if tv := c.pass.TypesInfo.Types[key]; tv.Value != nil && tv.Value.Kind() == constant.String {
		k := constant.StringVal(tv.Value)
		label = strconv.Quote(k)
		if reg := c.registryOf(tv.Type); k == "" && reg != nil && !reg.Has(k) {
			c.unregistered(key, k, reg)
		}
	}
	if val == nil || !types.IsInterface(s.m.Elem()) {
		return
	}
	tv, ok := c.pass.TypesInfo.Types[val]
	if !ok {
		return
	}
	what := nonNumeric(tv)
	if what == "" {
		return
	}
	c.rep.Reportf(val, "summary count %s passed to %s is %s; summary counts are flat numeric values: pass one number per registered key",
		label, model.FuncName(s.fn), what)
}

// nonNumeric describes the value when its static type is not numeric, and
// returns "" when it is numeric or an interface (whose dynamic type is not
// known).
func nonNumeric(tv types.TypeAndValue) string {
	if tv.IsNil() {
		return "nil, not a number"
	}
	t := tv.Type
	if t == nil || types.IsInterface(t) {
		return ""
	}
	ts := types.TypeString(t, func(p *types.Package) string { return p.Name() })
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsNumeric != 0:
			return ""
		case u.Info()&types.IsString != 0:
			return "a string (" + ts + ")"
		case u.Info()&types.IsBoolean != 0:
			return "a bool (" + ts + ")"
		}
		return "not numeric (" + ts + ")"
	case *types.Map:
		return "a nested map (" + ts + ")"
	case *types.Slice:
		return "a slice (" + ts + ")"
	case *types.Array:
		return "an array (" + ts + ")"
	case *types.Struct:
		if _, named := types.Unalias(t).(*types.Named); named {
			return "a struct (" + ts + ")"
		}
		return "a struct"
	case *types.Pointer:
		return "a pointer (" + ts + ")"
	case *types.Signature:
		return "a func"
	case *types.Chan:
		return "a channel (" + ts + ")"
	}
	return "not numeric (" + ts + ")"
}

func (c *checker) typeString(t types.Type) string {
	return types.TypeString(types.Unalias(t), func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		return p.Name()
	})
}

// closest returns the registered keys nearest to key, or nil when none is
// near. Keys equal to key but for case and separators are nearest; else
// the edit distance of the lower-cased keys (insertions, deletions,
// substitutions and transpositions of adjacent runes) must be at most 2,
// and at most a quarter of the shorter key's length, but at least 1, so
// that a suggestion (and its fix) stays a likely typo.
func closest(key string, keys []string) []string {
	var best []string
	bestD := -1
	nk := normalize(key)
	lk := strings.ToLower(key)
	for _, k := range keys {
		d := 0
		if normalize(k) != nk {
			d = textdist.Distance(lk, strings.ToLower(k))
			limit := min(2, max(1, min(len([]rune(key)), len([]rune(k)))/4))
			if d > limit {
				continue
			}
		}
		switch {
		case bestD < 0 || d < bestD:
			best, bestD = []string{k}, d
		case d == bestD:
			best = append(best, k)
		}
	}
	return best
}

// normalize lower-cases s and drops separators, so that "itemsTotal",
// "items-total" and "Items_Total" compare equal.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '.' || r == ' ' || r == '/' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}
