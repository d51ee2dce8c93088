// Package evidence defines an Analyzer that observes what a reviewer asks
// of a change that touches operation runs: the run types and their
// owners, where runs start and which lifecycle methods are called, the
// programs that start and reconcile runs, the summary keys used, proof
// types, render entry points, provider packages and allow directives.
//
// It is not a check: it reports nothing unless the driver asks for
// observations (the runtruth command's -format evidence), and then only
// diagnostics in model.ObservationCategory whose message is an Item in
// JSON, at the position the item is about. The runtruth command collects
// them from the packages it was asked for and prints the evidence.
package evidence

import (
	"cmp"
	"encoding/json"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/passes/lifecycle"
	"github.com/runtruth/runtruth/passes/model"
	"github.com/runtruth/runtruth/passes/render"
)

// Analyzer observes the evidence of a package.
var Analyzer = &analysis.Analyzer{
	Name:     "runtruthevidence",
	Doc:      "observe the run types, lifecycle call sites, summary keys, proof types, render entry points and allows of a package, for runtruth's evidence",
	URL:      "https://github.com/runtruth/runtruth#the-evidence",
	Requires: []*analysis.Analyzer{model.Analyzer, render.Analyzer, lifecycle.Analyzer},
	Run:      run,
}

// The kinds of Item.
const (
	KindRun      = "run"      // a run type in view: Run, Owners, Tables, Fields, Columns
	KindStart    = "start"    // a call of a start: Run, Func, In, Scope*
	KindCall     = "call"     // a call of another method of a run API type: Run, Func, Method, In
	KindProgram  = "program"  // a main package: Starts, Reconciles (run types, with the function reached)
	KindRegistry = "registry" // a summary-key registry in view: Name, Keys
	KindKey      = "key"      // a use of a registered key: Name (the registry), Key, In
	KindProof    = "proof"    // a proof type declared here: Name
	KindRender   = "render"   // a render entry point: Name
	KindProvider = "provider" // a provider package or pattern in view: Name
	KindAllow    = "allow"    // an allow directive: Check, Reason
)

// Item is one observation. Which fields are set depends on Kind.
type Item struct {
	Kind    string   `json:"kind"`
	Run     string   `json:"run,omitempty"`
	Func    string   `json:"func,omitempty"`
	Method  string   `json:"method,omitempty"`
	In      string   `json:"in,omitempty"`
	Name    string   `json:"name,omitempty"`
	Key     string   `json:"key,omitempty"`
	Keys    []string `json:"keys,omitempty"`
	Owners  []string `json:"owners,omitempty"`
	Tables  []string `json:"tables,omitempty"`
	Fields  []string `json:"fields,omitempty"`
	Columns []string `json:"columns,omitempty"`
	Check   string   `json:"check,omitempty"`
	Reason  string   `json:"reason,omitempty"`
	// ScopeSet and ScopeUnset are the scope fields that the composite
	// literal passed to a start sets and leaves out; ScopeFrom is
	// "literal" when the call builds the scope there, else "argument".
	ScopeSet   []string        `json:"scopeSet,omitempty"`
	ScopeUnset []string        `json:"scopeUnset,omitempty"`
	ScopeFrom  string          `json:"scopeFrom,omitempty"`
	Starts     []lifecycle.Use `json:"starts,omitempty"`
	Reconciles []lifecycle.Use `json:"reconciles,omitempty"`
}

type observer struct {
	pass *analysis.Pass
	m    *model.Model
	// apiRuns caches, for a named type, the run type whose start or
	// reconciler is one of its methods ("" for none).
	apiRuns map[*types.Named]string
	// runs and registries are those the observations name, by qualified
	// name.
	runs, registries map[string]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	if !m.Observe {
		return nil, nil
	}
	o := &observer{pass: pass, m: m, apiRuns: map[*types.Named]string{}, runs: map[string]bool{}, registries: map[string]bool{}}
	var files []*ast.File
	for _, f := range pass.Files {
		if !m.Skip(pass, f) {
			files = append(files, f)
		}
	}
	if len(pass.Files) == 0 {
		return nil, nil
	}
	for _, f := range files {
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Body == nil {
					continue
				}
				in := decl.Name.Name
				if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
					in = model.FuncName(fn)
				}
				o.body(decl.Body, in)
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok {
						if f := m.Object(pass.TypesInfo.Defs[ts.Name]); f != nil && f.Proof {
							o.report(ts.Name, Item{Kind: KindProof, Name: pass.Pkg.Name() + "." + ts.Name.Name})
						}
					}
				}
			}
		}
	}
	entries := pass.ResultOf[render.Analyzer].(*render.Result).Entries
	for _, e := range entries {
		o.report(e.Body, Item{Kind: KindRender, Name: e.Name})
	}
	for _, a := range m.Allows {
		if a.Err == nil && !m.SkipFile(a.File) {
			o.report(posNode(a.Pos), Item{Kind: KindAllow, Check: a.Check, Reason: a.Reason})
		}
	}
	if lc := pass.ResultOf[lifecycle.Analyzer].(*lifecycle.Result); lc.Main != nil && lc.Program != nil {
		o.report(lc.Main.Name, Item{Kind: KindProgram, Starts: lc.Program.Starts, Reconciles: lc.Program.Reconciles})
		for _, u := range slices.Concat(lc.Program.Starts, lc.Program.Reconciles) {
			o.runs[u.Run] = true
		}
	}

	// What the package's observations refer to, and what it declares, at
	// the package clause (the driver keeps one of each): the run types,
	// the registries, and where the package has render entry points, the
	// provider packages that renderprovider checks them against.
	at := pass.Files[0].Name
	for _, r := range m.Runs() {
		if o.runs[r.QualifiedName()] || r.Pkg == pass.Pkg.Path() {
			o.report(at, Item{Kind: KindRun, Run: r.QualifiedName(), Owners: r.Owners, Tables: r.Tables, Fields: r.Fields, Columns: r.Columns})
		}
	}
	for _, r := range m.Registries() {
		if o.registries[r.QualifiedName()] || r.Pkg == pass.Pkg.Path() {
			o.report(at, Item{Kind: KindRegistry, Name: r.QualifiedName(), Keys: r.Keys})
		}
	}
	if len(entries) > 0 {
		for _, p := range m.ProviderPackages() {
			o.report(at, Item{Kind: KindProvider, Name: p})
		}
	}
	return nil, nil
}

// body observes the start and lifecycle calls and the registered keys of
// a function body.
func (o *observer) body(body *ast.BlockStmt, in string) {
	info := o.pass.TypesInfo
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			fn, ok := typeutil.Callee(info, n).(*types.Func)
			if !ok {
				break
			}
			fn = fn.Origin()
			if f := o.m.Object(fn); f != nil && f.Starts != "" {
				item := Item{Kind: KindStart, Run: f.Starts, Func: model.FuncName(fn), In: in}
				o.scope(n, &item)
				o.report(n, item)
			} else if run := o.apiRun(fn); run != "" {
				o.report(n, Item{Kind: KindCall, Run: run, Func: model.FuncName(fn), Method: fn.Name(), In: in})
			}
		case *ast.Ident:
			c, ok := info.Uses[n].(*types.Const)
			if !ok {
				break
			}
			if r := o.m.Registry(c.Type()); r != nil && r.Pkg == c.Pkg().Path() {
				if v := c.Val(); v.Kind() == constant.String {
					o.report(n, Item{Kind: KindKey, Name: r.QualifiedName(), Key: constant.StringVal(v), In: in})
				}
			}
		}
		return true
	})
}

// apiRun returns the run type whose API fn belongs to: fn is an exported
// method of a named type that has a start or a reconciler of the run type
// among its methods ((*oprun.Service).Complete).
func (o *observer) apiRun(fn *types.Func) string {
	if !fn.Exported() || fn.Signature().Recv() == nil {
		return ""
	}
	named := model.Named(fn.Signature().Recv().Type())
	if named == nil {
		return ""
	}
	if run, ok := o.apiRuns[named]; ok {
		return run
	}
	run := ""
	for i := range named.NumMethods() {
		if f := o.m.Object(named.Method(i)); f != nil {
			run = cmp.Or(f.Starts, f.Reconciles, run)
		}
	}
	o.apiRuns[named] = run
	return run
}

// scope records the scope fields that the composite literals among a
// start's arguments set and leave out.
func (o *observer) scope(call *ast.CallExpr, item *Item) {
	item.ScopeFrom = "argument"
	var lits []*ast.CompositeLit
	for _, arg := range call.Args {
		ast.Inspect(arg, func(n ast.Node) bool {
			if lit, ok := n.(*ast.CompositeLit); ok {
				lits = append(lits, lit)
			}
			_, isLit := n.(*ast.FuncLit)
			return !isLit
		})
	}
	for _, lit := range lits {
		st, ok := o.pass.TypesInfo.TypeOf(lit).Underlying().(*types.Struct)
		if !ok {
			continue
		}
		// Each field set, with where its value comes from when the
		// literal does not build it: Scope (from scope).
		set := map[string]string{}
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					set[id.Name] = id.Name
					v := ast.Unparen(kv.Value)
					if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
						v = u.X
					}
					if _, built := v.(*ast.CompositeLit); !built && isStruct(o.pass.TypesInfo.TypeOf(v)) {
						set[id.Name] = id.Name + " (from " + types.ExprString(v) + ")"
					}
				}
			}
		}
		for i := range st.NumFields() {
			field := st.Field(i)
			if f := o.m.Object(field); f == nil || !f.Scope {
				continue
			}
			item.ScopeFrom = "literal"
			if as, ok := set[field.Name()]; ok {
				item.ScopeSet = append(item.ScopeSet, as)
			} else {
				item.ScopeUnset = append(item.ScopeUnset, field.Name())
			}
		}
	}
	slices.Sort(item.ScopeSet)
	slices.Sort(item.ScopeUnset)
}

func (o *observer) report(at analysis.Range, item Item) {
	if item.Run != "" {
		o.runs[item.Run] = true
	}
	if item.Kind == KindKey {
		o.registries[item.Name] = true
	}
	msg, err := json.Marshal(item)
	if err != nil {
		return // an Item always marshals
	}
	o.pass.Report(analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: model.ObservationCategory, Message: string(msg)})
}

// posNode is a range of one position.
type posNode token.Pos

func (p posNode) Pos() token.Pos { return token.Pos(p) }
func (p posNode) End() token.Pos { return token.Pos(p) }

// Decode reads an observation's message; ok is false for a message that
// is not an Item (another check's observation).
func Decode(msg string) (item Item, ok bool) {
	if json.Unmarshal([]byte(msg), &item) != nil || item.Kind == "" {
		return Item{}, false
	}
	return item, true
}

// isStruct reports whether t is a struct type, through one pointer.
func isStruct(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}
