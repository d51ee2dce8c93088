package taint

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"runtime/debug"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"

	"github.com/runtruth/runtruth/passes/internal/pkgsource"
	"github.com/runtruth/runtruth/passes/model"
)

// Analyzer computes the package's taint summaries, exports them as facts
// and returns the flows of secrets into run sinks as a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "runtruthtaint",
	Doc:        "compute secret taint summaries of functions and the flows of secrets into run messages, contexts and notifications",
	URL:        "https://github.com/runtruth/runtruth#runsecrets",
	Requires:   []*analysis.Analyzer{model.Analyzer, ctrlflow.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
	FactTypes:  []analysis.Fact{(*Summary)(nil), (*Analyzed)(nil), (*ConstVar)(nil)},
}

// Bounds on the work done per function and per package; see the package
// documentation.
const (
	maxPasses      = 12   // fixpoint passes over one function's instructions
	maxPassesLarge = 3    // the same, for functions of more than largeFunc instructions
	largeFunc      = 8000 // instructions
	maxRounds      = 4    // rounds over a set of mutually recursive functions
	maxDepth       = 4    // field and element steps in a memory path
	maxPaths       = 32   // memory paths per root value
	maxVia         = 4    // helper functions named in a sink's chain
	maxSinks       = 4    // sinks recorded per parameter in a summary
	maxParams      = 64   // parameters tracked one by one; the rest share one bit
	maxFields      = 8    // parameter fields tracked one by one per value; more become whole parameters
)

// Kind is the kind of a secret source.
type Kind uint8

// The kinds of sources, in the order in which a diagnostic prefers them
// when several reach one sink.
const (
	KindProviderError Kind = iota + 1 // an error result of a provider call
	KindHeader                        // a credential header or cookie
	KindSecret                        // a secret type or field, or a value with a sensitive name
	KindBody                          // an HTTP response body or what is read from it
	KindDump                          // an httputil dump
)

// Source describes where a secret comes from.
type Source struct {
	Kind Kind
	// Desc names the source for a diagnostic: "secret apiToken",
	// "provider error body from (*graph.Client).Users".
	Desc string
	// At is where the value is read, or where a value that held it is
	// formatted whole: "app/leaks.go:34" (the file's directory and name,
	// and the line), in whichever package that is.
	At string
	// FormattedAt is where a value that held the source, behind a struct
	// field, was formatted or serialized whole, when that is not At.
	FormattedAt string

	// Only is a test of a parameter of the function whose value carries
	// the source that held where the source was read (see cond.go).
	Only Cond

	// pos is where the source is read or formatted, in the package under
	// analysis only; formatting is true until FormattedAt is set.
	pos        token.Pos
	formatting bool

	// param is 1 + the index of the parameter whose own name or type
	// makes it a source, or 0. Such a source stays inside its function:
	// summaries carry the parameter instead, so that a caller judges its
	// own argument.
	param int
}

func (s *Source) String() string { return s.Desc }

// Pos is where the source is read, when that is in the package under
// analysis.
func (s *Source) Pos() token.Pos { return s.pos }

// less orders sources: any source before a parameter's own, then by kind
// and description.
func (s *Source) less(o *Source) bool {
	if (s.param == 0) != (o.param == 0) {
		return s.param == 0
	}
	if s.Kind != o.Kind {
		return s.Kind < o.Kind
	}
	if s.Desc != o.Desc {
		return s.Desc < o.Desc
	}
	if s.At != o.At {
		return s.At < o.At
	}
	if s.FormattedAt != o.FormattedAt {
		return s.FormattedAt < o.FormattedAt
	}
	if s.Only != o.Only {
		// Of one source read under a test and without, the latter.
		return s.Only.less(o.Only)
	}
	return s.param < o.param
}

func sameSource(a, b *Source) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// SinkKind is the kind of a sink.
type SinkKind uint8

// The kinds of sinks.
const (
	SinkMessage      SinkKind = iota + 1 // a run message (reason)
	SinkContext                          // a run context
	SinkNotification                     // a notification
)

func (k SinkKind) String() string {
	switch k {
	case SinkMessage:
		return "run message"
	case SinkContext:
		return "run context"
	case SinkNotification:
		return "notification"
	}
	return "run sink"
}

// Sink describes where a value ends.
type Sink struct {
	Kind SinkKind
	// Field is true for a field of a run or notification type, false for
	// a sink parameter.
	Field bool
	// Target names the sink: "(*oprun.Service).UpdateContext" for a sink
	// parameter, "oprun.Run.Reason" for a field.
	Target string
	// Pkg is the import path of the package that declares the sink.
	Pkg string
	// Via lists the functions between the reported call and the sink,
	// outermost first.
	Via []string

	// hops holds, for each function of Via, where in it the value goes
	// on (to the next function or the sink), when that is in the package
	// under analysis; NoPos otherwise.
	hops []token.Pos
}

// Hops returns, for each function of Via, where in it the value goes on,
// when that is in the package under analysis (token.NoPos otherwise).
func (s Sink) Hops() []token.Pos { return s.hops }

func (s Sink) String() string {
	parts := append(append([]string(nil), s.Via...), s.Target)
	return s.Kind.String() + " " + strings.Join(parts, " → ")
}

func sameSink(a, b Sink) bool {
	if a.Kind != b.Kind || a.Field != b.Field || a.Target != b.Target || a.Pkg != b.Pkg || len(a.Via) != len(b.Via) {
		return false
	}
	for i := range a.Via {
		if a.Via[i] != b.Via[i] {
			return false
		}
	}
	return true
}

// Flow is what reaches one result or one parameter's referent: the
// parameters it comes from (bit i: parameter i, the receiver being
// parameter 0; bit 63 stands for every parameter from 63 on), single
// fields of parameters, and a source of the function's own. What the
// value only holds behind a struct field is apart: Held and HeldParams.
// Deep lists the parameters formatted or serialized whole into the value:
// what they hold behind their fields is its data.
type Flow struct {
	Params     uint64
	Fields     []ParamField // sorted; none of a parameter in Params
	Source     *Source
	Held       *Source
	HeldParams uint64
	Deep       uint64
	DeepAt     string // where the first of Deep is formatted whole ("dir/file.go:line")
	// DataParams lists the parameters whose data, but not what they
	// hold, the value derives from (a string read from a parameter), and
	// DataFields the same for single fields of parameters.
	DataParams uint64
	DataFields []ParamField
}

func (f Flow) empty() bool { return f.label().empty() }

// ParamField is one field of a parameter: of the struct the parameter is
// or points to.
type ParamField struct {
	Param, Field int
}

func (pf ParamField) String() string { return fmt.Sprintf("p%d.%d", pf.Param, pf.Field) }

func compareField(a, b ParamField) int {
	if a.Param != b.Param {
		return a.Param - b.Param
	}
	return a.Field - b.Field
}

// ParamSink records that a parameter, or one field of it, flows into a
// sink.
type ParamSink struct {
	Param int
	// Field is 1 + the index of the parameter's field that flows, or 0
	// for the whole parameter.
	Field int
	// Data is true when only the parameter's data reaches the sink (a
	// string read from it), not what it holds behind its fields.
	Data bool
	Sink Sink

	// pos and end locate the sink inside the function. They are kept
	// only within the package (for func literals, whose captured
	// variables are reported at the sink) and never exported.
	pos, end token.Pos
}

// Summary is the taint summary of a function, exported as a fact on the
// function's object. Parameters are numbered as in SSA: a method's
// receiver is parameter 0; a func literal's captured variables follow its
// parameters.
type Summary struct {
	// Results holds, per result, what flows into it.
	Results []Flow
	// Writes holds, per parameter, what the function stores into what the
	// parameter refers to (a map, slice, pointer or channel), but for
	// FieldWrites.
	Writes []Flow
	// FieldWrites holds what the function stores into single fields of
	// the structs that parameters point to, by parameter and field.
	FieldWrites []FieldWrite
	// Sinks lists the parameters that flow into a run sink.
	Sinks []ParamSink
}

// FieldWrite is what a function stores into one field of the struct that
// a parameter points to.
type FieldWrite struct {
	Param, Field int
	Flow         Flow
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	var parts []string
	for i, f := range s.Results {
		if !f.empty() {
			parts = append(parts, fmt.Sprintf("r%d<-%s", i, f))
		}
	}
	for i, f := range s.Writes {
		if !f.empty() {
			parts = append(parts, fmt.Sprintf("w%d<-%s", i, f))
		}
	}
	for _, fw := range s.FieldWrites {
		parts = append(parts, fmt.Sprintf("w%d.%d<-%s", fw.Param, fw.Field, fw.Flow))
	}
	for _, ps := range s.Sinks {
		p := fmt.Sprintf("p%d", ps.Param)
		if ps.Field > 0 {
			p = ParamField{ps.Param, ps.Field - 1}.String()
		}
		parts = append(parts, fmt.Sprintf("%s->%s", p, ps.Sink))
	}
	return "taint(" + strings.Join(parts, " ") + ")"
}

// String lists what reaches a flow: p1 (the parameter), p0.2 (its field),
// held(p1) (the parameter, behind a field), whole(p1) (the parameter
// formatted whole) and sources.
func (f Flow) String() string {
	var from []string
	bits := func(mask uint64, format string) {
		for p := range maxParams {
			if mask&(1<<p) != 0 {
				from = append(from, fmt.Sprintf(format, p))
			}
		}
	}
	bits(f.Params|f.DataParams, "p%d")
	for _, pf := range slices.Concat(f.Fields, f.DataFields) {
		from = append(from, pf.String())
	}
	if f.Source != nil {
		from = append(from, f.Source.Desc+f.Source.Only.suffix())
	}
	bits(f.HeldParams, "held(p%d)")
	if f.Held != nil {
		from = append(from, "held("+f.Held.Desc+f.Held.Only.suffix()+")")
	}
	bits(f.Deep, "whole(p%d)")
	return strings.Join(from, "+")
}

func (s *Summary) empty() bool {
	if s == nil {
		return true
	}
	for _, f := range s.Results {
		if !f.empty() {
			return false
		}
	}
	for _, f := range s.Writes {
		if !f.empty() {
			return false
		}
	}
	return len(s.Sinks) == 0 && len(s.FieldWrites) == 0
}

func (s *Summary) equal(o *Summary) bool {
	if s == nil || o == nil {
		return s.empty() && o.empty()
	}
	eqFlows := func(a, b []Flow) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if !a[i].label().equal(b[i].label()) {
				return false
			}
		}
		return true
	}
	if !eqFlows(s.Results, o.Results) || !eqFlows(s.Writes, o.Writes) || len(s.Sinks) != len(o.Sinks) || len(s.FieldWrites) != len(o.FieldWrites) {
		return false
	}
	for i, fw := range s.FieldWrites {
		ow := o.FieldWrites[i]
		if fw.Param != ow.Param || fw.Field != ow.Field || !fw.Flow.label().equal(ow.Flow.label()) {
			return false
		}
	}
	for i := range s.Sinks {
		if s.Sinks[i].Param != o.Sinks[i].Param || s.Sinks[i].Field != o.Sinks[i].Field || s.Sinks[i].Data != o.Sinks[i].Data || !sameSink(s.Sinks[i].Sink, o.Sinks[i].Sink) {
			return false
		}
	}
	return true
}

// exported returns the summary as it travels to other packages: no
// positions.
func (s *Summary) exported() *Summary {
	out := &Summary{Results: s.Results, Writes: s.Writes, FieldWrites: s.FieldWrites}
	for _, ps := range s.Sinks {
		out.Sinks = append(out.Sinks, ParamSink{Param: ps.Param, Field: ps.Field, Data: ps.Data, Sink: ps.Sink})
	}
	return out
}

// Analyzed is the package fact of every package whose functions the pass
// summarized: a function of it without a Summary fact passes nothing on.
type Analyzed struct {
	// Funcs counts the exported summaries.
	Funcs int
}

// AFact marks Analyzed as an analysis fact.
func (*Analyzed) AFact() {}

func (a *Analyzed) String() string { return fmt.Sprintf("analyzed(%d)", a.Funcs) }

// ConstVar marks a package-level variable with a sensitive name that its
// package only ever assigns constants (var WebhookSecret =
// "webhook-serving-cert"): it holds a name, not a secret.
type ConstVar struct {
	Const bool
}

// AFact marks ConstVar as an analysis fact.
func (*ConstVar) AFact() {}

func (*ConstVar) String() string { return "constvar" }

// constVars returns the package-level string variables with a sensitive
// name that the package's code only loads and assigns constants.
func constVars(pass *analysis.Pass, funcs []*ssa.Function, names *namer) map[*types.Var]bool {
	out := map[*types.Var]bool{}
	scope := pass.Pkg.Scope()
	for _, name := range scope.Names() {
		if v, ok := scope.Lookup(name).(*types.Var); ok && stringLike(v.Type()) && names.sensitiveName(v.Name()) {
			out[v] = true
		}
	}
	if len(out) == 0 {
		return out
	}
	var ops []*ssa.Value
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if _, isRef := instr.(*ssa.DebugRef); isRef {
					continue
				}
				ops = instr.Operands(ops[:0])
				for i, op := range ops {
					g, ok := (*op).(*ssa.Global)
					if !ok {
						continue
					}
					v, ok := g.Object().(*types.Var)
					if !ok || !out[v] {
						continue
					}
					switch instr := instr.(type) {
					case *ssa.UnOp:
						if instr.Op == token.MUL {
							continue // a load
						}
					case *ssa.Store:
						if _, isConst := instr.Val.(*ssa.Const); isConst && i == 0 {
							continue // Operands lists Addr first
						}
					}
					delete(out, v)
				}
			}
		}
	}
	return out
}

// Result is what the pass finds in the package under analysis.
type Result struct {
	// Findings are the flows of a source into a sink, sorted by position.
	Findings []Finding
}

// Finding is one source reaching one sink.
type Finding struct {
	Pos, End token.Pos // the value as it enters the sink
	Source   Source
	Sink     Sink
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	res := new(Result)
	if pkgsource.Standard(pass) || pkgsource.Dependency(pass) {
		// The standard library and dependency modules are modelled (see
		// calls.go), not analyzed.
		return res, nil
	}
	pa := newPkg(pass, m)
	var funcs []*ssa.Function
	if err := guard("building SSA", func() { funcs = buildSSA(pass, pa.namedLocals()) }); err != nil {
		return nil, err
	}
	pa.constVars = constVars(pass, funcs, pa.names)
	for v := range pa.constVars {
		pass.ExportObjectFact(v, &ConstVar{Const: true})
	}
	if err := guard("solving", func() {
		for _, scc := range sccs(funcs) {
			pa.solve(scc)
		}
	}); err != nil {
		return nil, err
	}
	n := 0
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Synthetic != "" || obj.Pkg() != pass.Pkg {
			continue
		}
		if s := pa.sums[fn]; !s.empty() {
			pass.ExportObjectFact(obj.Origin(), s.exported())
			n++
		}
	}
	pass.ExportPackageFact(&Analyzed{Funcs: n})
	res.Findings = pa.sortedFindings()
	return res, nil
}

// buildSSA builds the package's SSA form as the buildssa pass does, with
// the ctrlflow pass's knowledge of functions that never return, and with
// debug information when debug is set, which maps each reference to a
// local variable to its value (a variable's name is a source). buildssa
// cannot give that: its builder mode is fixed, and a debug mode for every
// package would cost every package. The SSA builder requires well-typed
// code (the pass does not run on packages with type errors) and panics
// otherwise; run turns a panic into an InternalError.
func buildSSA(pass *analysis.Pass, debug bool) (funcs []*ssa.Function) {
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	prog.SetNoReturn(pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs).NoReturn)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.SetDebugMode(debug)
	pkg.Build()

	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		if f == nil {
			return
		}
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, isFunc := decl.(*ast.FuncDecl)
			if !isFunc {
				continue
			}
			if obj, isObj := pass.TypesInfo.Defs[fd.Name].(*types.Func); isObj {
				add(prog.FuncValue(obj))
			}
		}
	}
	// Package initialization: the initializers of package-level variables.
	add(pkg.Func("init"))
	return funcs
}

// An InternalError is a panic of the analysis. It fails the package's
// analysis, so that a bug shows as an error of the package (exit status 3)
// rather than as a package without findings.
type InternalError struct {
	Stage string // what the analysis was doing: "building SSA", "solving"
	Value any    // what it panicked with
	Stack string
}

func (e *InternalError) Error() string {
	return fmt.Sprintf("internal error of the taint analysis while %s: %v; please report it with this stack:\n%s", e.Stage, e.Value, e.Stack)
}

// guard runs f and returns its panic as an *InternalError.
func guard(stage string, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &InternalError{Stage: stage, Value: r, Stack: string(debug.Stack())}
		}
	}()
	f()
	return nil
}

// sccs returns the strongly connected components of the package's call
// graph (calls, func literals and the String/Error methods that formatting
// may call), callees before callers.
func sccs(funcs []*ssa.Function) [][]*ssa.Function {
	in := map[*ssa.Function]bool{}
	for _, f := range funcs {
		in[f] = true
	}
	edges := map[*ssa.Function][]*ssa.Function{}
	for _, f := range funcs {
		seen := map[*ssa.Function]bool{}
		add := func(g *ssa.Function) {
			if g == nil {
				return
			}
			if o := g.Origin(); o != nil {
				g = o
			}
			if in[g] && !seen[g] {
				seen[g] = true
				edges[f] = append(edges[f], g)
			}
		}
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case ssa.CallInstruction:
					add(instr.Common().StaticCallee())
				case *ssa.MakeClosure:
					if g, ok := instr.Fn.(*ssa.Function); ok {
						add(g)
					}
				case *ssa.MakeInterface:
					for _, name := range []string{"Error", "String"} {
						if fn := methodNamed(instr.X.Type(), name); fn != nil {
							add(f.Prog.FuncValue(fn))
						}
					}
				}
			}
		}
	}

	// Tarjan's algorithm, iteratively over a stack of frames.
	index := map[*ssa.Function]int{}
	low := map[*ssa.Function]int{}
	onStack := map[*ssa.Function]bool{}
	var stack []*ssa.Function
	var out [][]*ssa.Function
	next := 0
	type frame struct {
		f *ssa.Function
		i int
	}
	for _, root := range funcs {
		if _, done := index[root]; done {
			continue
		}
		frames := []frame{{f: root}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(frames) > 0 {
			top := &frames[len(frames)-1]
			if top.i < len(edges[top.f]) {
				g := edges[top.f][top.i]
				top.i++
				if _, seen := index[g]; !seen {
					index[g], low[g] = next, next
					next++
					stack = append(stack, g)
					onStack[g] = true
					frames = append(frames, frame{f: g})
				} else if onStack[g] {
					low[top.f] = min(low[top.f], index[g])
				}
				continue
			}
			f := top.f
			frames = frames[:len(frames)-1]
			if len(frames) > 0 {
				parent := frames[len(frames)-1].f
				low[parent] = min(low[parent], low[f])
			}
			if low[f] == index[f] {
				var comp []*ssa.Function
				for {
					g := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[g] = false
					comp = append(comp, g)
					if g == f {
						break
					}
				}
				out = append(out, comp)
			}
		}
	}
	return out
}

// methodNamed returns the method of t (or *t) with the given name, or nil.
func methodNamed(t types.Type, name string) *types.Func {
	if t == nil {
		return nil
	}
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		return nil
	}
	var pkg *types.Package
	if n := model.Named(t); n != nil {
		pkg = n.Obj().Pkg()
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, name)
	fn, _ := obj.(*types.Func)
	return fn
}

func (pa *pkg) sortedFindings() []Finding {
	all := make([]Finding, 0, len(pa.findings))
	for _, f := range pa.findings {
		all = append(all, *f)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Pos != all[j].Pos {
			return all[i].Pos < all[j].Pos
		}
		return all[i].End < all[j].End
	})
	// One finding per line for one source reaching one sink: the
	// arguments of one call that carry the same secret are one flow.
	type key struct {
		file   string
		line   int
		source Source
		sink   string
	}
	seen := map[key]bool{}
	out := all[:0]
	for _, f := range all {
		p := pa.pass.Fset.Position(f.Pos)
		src := f.Source
		src.pos, src.formatting = token.NoPos, false // what every driver sees alike
		k := key{p.Filename, p.Line, src, f.Sink.String()}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
