package taint

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/runtruth/runtruth/internal/stdlib"
	"github.com/runtruth/runtruth/passes/model"
)

// call applies a call (or go or defer statement): sinks its arguments
// reach, what flows into its results and through its pointer arguments,
// and the sources it returns. v is the call's value, nil for go and defer.
func (st *fstate) call(c *ssa.CallCommon, v ssa.Value) {
	var (
		obj    *types.Func   // the declared func or method, if known
		callee *ssa.Function // the static callee, if known
		args   []ssa.Value   // SSA arguments: receiver first, captured variables last
		anon   bool          // callee is a func literal
		astOff int           // args[i] is the call's syntactic argument i-astOff
	)
	sig := c.Signature()
	if c.IsInvoke() {
		obj = c.Method
		args = append([]ssa.Value{c.Value}, c.Args...)
		astOff = 1
	} else {
		switch fv := c.Value.(type) {
		case *ssa.Builtin:
			st.builtin(fv, c, v)
			return
		case *ssa.Function:
			callee = fv
			args = c.Args
			if sig.Recv() != nil {
				astOff = 1
			}
		case *ssa.MakeClosure:
			callee, _ = fv.Fn.(*ssa.Function)
			if callee != nil && callee.Parent() == nil {
				// A bound method value: its receiver is captured.
				args = append(append([]ssa.Value(nil), fv.Bindings...), c.Args...)
				astOff = len(fv.Bindings)
			} else {
				args = append(append([]ssa.Value(nil), c.Args...), fv.Bindings...)
				anon = true
			}
		default:
			args = c.Args
		}
		if callee != nil {
			if o := callee.Origin(); o != nil {
				callee = o
			}
			obj, _ = callee.Object().(*types.Func)
		}
	}
	if obj != nil {
		obj = obj.Origin()
	}

	argL := make([]label, len(args))
	for i, a := range args {
		argL[i] = st.get(a)
	}
	nres := sig.Results().Len()
	res := make([]label, nres)

	var s *Summary
	if !c.IsInvoke() {
		s = st.pa.summaryOf(callee, obj)
	}
	if st.collect {
		st.callSinks(c, obj, s, args, argL, astOff, anon, len(c.Args))
	}
	if !st.pa.cleans(obj) {
		switch {
		case s != nil:
			st.applySummary(s, args, argL, res)
		case st.model(obj, args, argL, c.Pos()):
		default:
			var u label
			for _, l := range argL {
				u = u.join(l)
			}
			if formats(obj) {
				u = u.wholeAt(st.pa.at(c.Pos()))
			} else {
				// What an unknown function returns derives from its
				// arguments' data; that it holds what they hold, to
				// be formatted later, is not assumed.
				u = u.basic()
			}
			errToo := errorsPropagate(obj) || anyError(args)
			for j := range res {
				rt := sig.Results().At(j).Type()
				switch {
				case isError(rt) && !errToo:
				case parsedStruct(obj, rt) && u.src != nil && (u.src.Kind == KindSecret || u.src.Kind == KindHeader):
					// A structure parsed from a credential (a JWT's
					// claims, a certificate): its secret fields are
					// sources by their names; the rest is not secret.
					res[j] = res[j].join(label{params: u.params, fields: u.fields, dparams: u.dparams, dfields: u.dfields})
				default:
					res[j] = res[j].join(u)
				}
			}
		}
		st.callSources(obj, s, args, res, sig)
	}

	// Func literals passed along may be called back with what the call
	// carries (range-over-func iterators, visitors).
	fv := st.ownLabel(c.Value)
	for i, a := range args {
		if mc, ok := a.(*ssa.MakeClosure); ok && !(anon && i >= len(c.Args)) {
			var rest label
			for j, l := range argL {
				if j != i {
					rest = rest.join(l)
				}
			}
			st.callback(mc, rest.join(fv))
		}
	}

	if v == nil {
		return
	}
	switch nres {
	case 0:
	case 1:
		st.set(v, res[0])
	default:
		st.setTuple(v, res)
	}
}

// summaryOf returns the summary of calling fn (or obj, when fn is not
// known): computed here for this package's functions, imported as a fact
// for other analyzed packages. It returns nil when nothing is known, and
// an empty summary for a function of an analyzed package that passes
// nothing on.
func (pa *pkg) summaryOf(fn *ssa.Function, obj *types.Func) *Summary {
	if fn != nil && fn.Synthetic != "" && fn.Parent() == nil && obj != nil && obj.Pkg() == pa.pass.Pkg {
		// A wrapper (a bound method value, a method expression): the
		// method it wraps.
		fn = fn.Prog.FuncValue(obj)
	}
	if fn != nil && (fn.Synthetic == "" || fn.Parent() != nil) && fn.Pkg != nil && fn.Pkg.Pkg == pa.pass.Pkg {
		if len(fn.Blocks) == 0 {
			return nil // no body (assembly): unknown
		}
		if s := pa.sums[fn]; s != nil {
			return s
		}
		return &Summary{} // not yet computed: a recursive call
	}
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == pa.pass.Pkg {
		return nil
	}
	if s, ok := pa.facts[obj]; ok {
		return s
	}
	var s *Summary
	var f Summary
	if pa.pass.ImportObjectFact(obj, &f) {
		s = &f
	} else if pa.isAnalyzed(obj.Pkg()) {
		s = &Summary{}
	}
	pa.facts[obj] = s
	return s
}

func (pa *pkg) isAnalyzed(p *types.Package) bool {
	if a, ok := pa.analyzed[p]; ok {
		return a
	}
	var f Analyzed
	a := pa.pass.ImportPackageFact(p, &f)
	pa.analyzed[p] = a
	return a
}

// mapFlow is what a flow of a callee's summary carries at a call: the
// arguments of the parameters it comes from, and of the parameter fields
// it comes from, those fields of the arguments.
func (st *fstate) mapFlow(f Flow, args []ssa.Value, argL []label) label {
	f.Source = st.carried(f.Source, args)
	f.Held = st.carried(f.Held, args)
	return flowLabel(f, argL, func(i, field int) label {
		if i < len(args) {
			return st.argField(args[i], argL[i], field)
		}
		return label{}
	})
}

// flowLabel is what flow f of a callee's summary carries when its
// parameters receive argL: an argument as it is, held (stored behind a
// field), or whole (formatted); field gives field f of argument i.
func flowLabel(f Flow, argL []label, field func(i, f int) label) label {
	var l label
	if f.Params|f.HeldParams|f.Deep|f.DataParams != 0 {
		for i := range argL {
			bit := paramBit(i)
			if f.Params&bit != 0 {
				l = l.join(argL[i])
			}
			if f.DataParams&bit != 0 {
				l = l.join(argL[i].basic())
			}
			if f.HeldParams&bit != 0 {
				l = l.join(argL[i].behind())
			}
			if f.Deep&bit != 0 {
				l = l.join(argL[i].wholeAt(f.DeepAt))
			}
		}
	}
	for _, pf := range f.Fields {
		if pf.Param < len(argL) {
			l = l.join(field(pf.Param, pf.Field))
		}
	}
	for _, pf := range f.DataFields {
		if pf.Param < len(argL) {
			l = l.join(field(pf.Param, pf.Field).basic())
		}
	}
	return l.withSrc(f.Source).join(label{held: f.Held})
}

// argField is what field f of argument a carries: a's whole label, whole,
// unless the field can be read apart (a pointer to a struct, a struct
// just loaded, a struct parameter).
func (st *fstate) argField(a ssa.Value, whole label, f int) label {
	seg := strconv.Itoa(f)
	switch x := a.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			if _, isStruct := x.Type().Underlying().(*types.Struct); isStruct {
				return st.memLoad(st.loc(x.X).child(seg))
			}
		}
	case *ssa.Parameter:
		if _, isStruct := x.Type().Underlying().(*types.Struct); isStruct {
			return st.rootLabel(where{root: x, path: seg})
		}
	}
	if p, ok := a.Type().Underlying().(*types.Pointer); ok {
		if _, isStruct := p.Elem().Underlying().(*types.Struct); isStruct {
			return st.memLoad(st.loc(a).child(seg))
		}
	}
	return whole
}

func (st *fstate) applySummary(s *Summary, args []ssa.Value, argL []label, res []label) {
	for j := range res {
		if j < len(s.Results) {
			res[j] = res[j].join(st.mapFlow(s.Results[j], args, argL))
		}
	}
	for i, w := range s.Writes {
		if i < len(args) && !w.empty() {
			st.memStore(st.loc(args[i]), st.mapFlow(w, args, argL))
		}
	}
	for _, fw := range s.FieldWrites {
		if fw.Param < len(args) {
			st.memStore(st.loc(args[fw.Param]).child(strconv.Itoa(fw.Field)), st.mapFlow(fw.Flow, args, argL))
		}
	}
}

// errorsPropagate reports whether fn's error results carry its arguments:
// the fmt, errors, strconv and net/url functions, and Unwrap and Cause
// methods. Other functions' errors carry their arguments only when one
// of them is an error (see anyError).
func errorsPropagate(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "fmt", "errors", "strconv", "net/url", "golang.org/x/xerrors", "github.com/pkg/errors":
		return true
	}
	return isMethod(fn) && (fn.Name() == "Unwrap" || fn.Name() == "Cause")
}

// formats reports whether fn formats or serializes its arguments whole:
// the fmt functions and those of the error packages that format, and the
// Marshal functions and Encode methods of encoding packages (JSON, YAML,
// XML and the like).
func formats(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	switch path {
	case "fmt":
		return true
	case "github.com/pkg/errors", "golang.org/x/xerrors":
		return strings.HasSuffix(name, "f")
	}
	last := path[strings.LastIndex(path, "/")+1:]
	if strings.HasPrefix(path, "encoding/") || strings.Contains(last, "json") || strings.Contains(last, "yaml") || strings.Contains(last, "xml") || strings.Contains(last, "toml") {
		return strings.HasPrefix(name, "Marshal") || name == "Encode"
	}
	return false
}

// parsedStruct reports whether t, a result of fn (a function that is not
// analyzed), is a named struct or a pointer to one, other than of net/url.
func parsedStruct(fn *types.Func, t types.Type) bool {
	if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "net/url" {
		return false
	}
	n := model.Named(t)
	if n == nil {
		return false
	}
	_, isStruct := n.Underlying().(*types.Struct)
	return isStruct
}

// anyError reports whether an argument is an error: a function that takes
// an error and returns one is taken to wrap it.
func anyError(args []ssa.Value) bool {
	for _, a := range args {
		if isError(a.Type()) {
			return true
		}
	}
	return false
}

func isMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}

// model applies what a standard-library (or otherwise unanalyzed) call
// does with its arguments beyond its results: writers, readers, decoders
// and errors.As. It reports whether it knew the call; its results are
// then clean.
func (st *fstate) model(fn *types.Func, args []ssa.Value, argL []label, pos token.Pos) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	method := isMethod(fn)
	store := func(to int, l label) {
		if to < len(args) {
			st.memStore(st.loc(args[to]), l)
		}
	}
	rest := func(from int) label {
		var l label
		for i := from; i < len(argL); i++ {
			l = l.join(argL[i])
		}
		return l
	}
	first := func(i int) label {
		if i < len(argL) {
			return argL[i]
		}
		return label{}
	}
	switch {
	case path == "fmt" && !method && strings.HasPrefix(name, "Fprint"):
		store(0, rest(1).wholeAt(st.pa.at(pos)))
	case path == "errors" && name == "As":
		store(1, first(0))
	case !method && name == "Unmarshal" && strings.HasPrefix(path, "encoding/"):
		store(1, decoded(first(0)))
	case method && name == "Decode" && strings.HasPrefix(path, "encoding/"):
		store(1, decoded(first(0)))
	case path == "io" && (name == "ReadFull" || name == "ReadAtLeast"):
		store(1, first(0))
	case path == "io" && (name == "Copy" || name == "CopyN" || name == "CopyBuffer"):
		store(0, first(1))
	case path == "io" && name == "WriteString":
		store(0, first(1))
	case method && (name == "Write" || name == "WriteString" || name == "WriteByte" || name == "WriteRune" || name == "ReadFrom"):
		store(0, rest(1))
	case method && (name == "Read" || name == "ReadAt"):
		store(1, first(0))
	default:
		return false
	}
	return true
}

// decoded is what a value decoded from data labelled l holds. A payload
// (a response body, a dump, a provider error) is its decoded fields; a
// secret that was serialized (a config, a workflow that holds a token),
// or a parameter serialized whole, is held by the decoded value, and its
// decoded fields are sources by their names.
func decoded(l label) label {
	if l.src != nil && (l.src.Kind == KindSecret || l.src.Kind == KindHeader) {
		l.held = firstSource(l.held, l.src)
		l.src = nil
	}
	// Parameters serialized whole: the decoded value holds what they held.
	l.hparams |= l.deep
	l.deep = 0
	return l
}

// callSources adds the sources a call returns: provider errors, results
// named as secrets or of funcs named as secrets, credential headers and
// cookies, and httputil dumps.
func (st *fstate) callSources(fn *types.Func, sum *Summary, args []ssa.Value, res []label, sig *types.Signature) {
	if fn == nil || len(res) == 0 {
		return
	}
	results := sig.Results()
	if s := st.pa.providerSource(fn); s != nil {
		for j := range res {
			if isError(results.At(j).Type()) {
				res[j] = label{params: res[j].params, fields: res[j].fields, dparams: res[j].dparams, dfields: res[j].dfields, src: s}
			}
		}
	}
	name := model.FuncName(fn)
	declared := results
	if fs, ok := fn.Type().(*types.Signature); ok && fs.Results().Len() == len(res) {
		declared = fs.Results()
	}
	if f := st.pa.m.Object(fn); f != nil && f.Secret {
		// A func declared secret: its results are, but where its body
		// shows which secret a result carries, and under which test of
		// its arguments, the summary says it better.
		for j := range res {
			if sum != nil && j < len(sum.Results) && (sum.Results[j].Source != nil || sum.Results[j].Held != nil) {
				continue
			}
			if t := declared.At(j).Type(); !isError(t) && !cleanType(t) {
				res[j] = res[j].withSrc(&Source{Kind: KindSecret, Desc: "secret returned by " + name})
			}
		}
	}
	for j := range res {
		r := declared.At(j)
		if !stringLike(r.Type()) {
			continue
		}
		switch {
		case r.Name() != "" && st.pa.names.sensitiveName(r.Name()):
			res[j] = res[j].withSrc(&Source{Kind: KindSecret, Desc: "secret " + r.Name() + " returned by " + name})
		case st.pa.names.sensitiveName(fn.Name()):
			res[j] = res[j].withSrc(&Source{Kind: KindSecret, Desc: "secret returned by " + name})
		}
	}
	if keyedGetter(fn.Name()) {
		for _, a := range args {
			key, ok := st.pa.secretKey(a)
			if !ok {
				continue
			}
			for j := range res {
				if stringLike(declared.At(j).Type()) {
					res[j] = res[j].withSrc(&Source{Kind: KindSecret, Desc: "secret " + key + " from " + name})
				}
			}
			break
		}
	}
	if fn.Pkg() == nil {
		return
	}
	recv := ""
	if fs, ok := fn.Type().(*types.Signature); ok && fs.Recv() != nil {
		if n := model.Named(fs.Recv().Type()); n != nil {
			recv = n.Obj().Name()
		}
	}
	switch fn.Pkg().Path() {
	case "net/http":
		switch {
		case recv == "Header" && (fn.Name() == "Get" || fn.Name() == "Values") && len(args) > 1:
			if h, ok := credentialHeader(args[1]); ok {
				res[0] = res[0].withSrc(&Source{Kind: KindHeader, Desc: strings.ToLower(h) + " header"})
			}
		case (recv == "Request" && (fn.Name() == "Cookie" || fn.Name() == "Cookies")) || (recv == "Response" && fn.Name() == "Cookies"):
			res[0] = res[0].withSrc(&Source{Kind: KindHeader, Desc: "cookie from " + name})
		}
	case "net/http/httputil":
		if strings.HasPrefix(fn.Name(), "Dump") {
			res[0] = res[0].withSrc(&Source{Kind: KindDump, Desc: "http dump from " + name})
		}
	}
}

// keyedGetter reports whether a func of this name looks a value up by a
// key: os.Getenv, (*http.Request).FormValue, (url.Values).Get,
// viper.GetString, a secret store's Get.
func keyedGetter(name string) bool {
	switch name {
	case "Getenv", "LookupEnv", "FormValue", "PostFormValue", "Value":
		return true
	}
	return strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "Lookup")
}

// secretKey returns the key when v is a constant string key that names a
// secret ("DB_PASSWORD", "api-key", "auth.token").
func (pa *pkg) secretKey(v ssa.Value) (string, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String {
		return "", false
	}
	key := constant.StringVal(c.Value)
	if len(key) > 64 || strings.ContainsAny(key, " \t\n") || !pa.names.sensitiveName(key) {
		return "", false
	}
	return key, true
}

func (st *fstate) builtin(b *ssa.Builtin, c *ssa.CallCommon, v ssa.Value) {
	switch b.Name() {
	case "append", "min", "max", "ssa:wrapnilchk":
		var l label
		for _, a := range c.Args {
			l = l.join(st.get(a))
		}
		if v != nil {
			st.set(v, l)
		}
	case "copy":
		if len(c.Args) == 2 {
			st.memStore(st.loc(c.Args[0]), st.get(c.Args[1]))
		}
	}
}

// callSinks reports the arguments that reach a sink: a sink parameter
// declared on the callee, or one that the callee's summary leads to a sink.
func (st *fstate) callSinks(c *ssa.CallCommon, fn *types.Func, s *Summary, args []ssa.Value, argL []label, astOff int, anon bool, ncallArgs int) {
	declared := map[int]bool{}
	if fn != nil && c.IsInvoke() {
		if impl := st.pa.sinkImpl(fn, c.Value.Type()); impl != nil {
			fn = impl // an interface that a sink method implements
		}
	} else if fn != nil {
		if m := st.pa.ifaceSink(fn); m != nil {
			fn = m // a method that implements a sink of an interface
		}
	}
	if fn != nil {
		if f := st.pa.m.Object(fn); f != nil && len(f.Sinks) > 0 {
			off := 0
			if isMethod(fn) {
				off = 1
			}
			sig, _ := fn.Type().(*types.Signature)
			for _, si := range f.Sinks {
				ai := si + off
				if ai >= len(args) || sig == nil || si >= sig.Params().Len() {
					continue
				}
				declared[ai] = true
				sink := Sink{Kind: valueSinkKind(sig.Params().At(si).Type()), Target: model.FuncName(fn), Pkg: fn.Pkg().Path()}
				pos, end := st.pa.argRange(c, ai-astOff)
				st.hit(args[ai], argL[ai], sink, pos, end, !holds(args[ai].Type()))
			}
		}
	}
	if s == nil {
		return
	}
	for _, ps := range s.Sinks {
		if declared[ps.Param] || ps.Param >= len(args) {
			continue
		}
		if anon && ps.Param >= ncallArgs {
			continue // a captured variable: applied where the literal is made
		}
		sink := ps.Sink
		if fn != nil && !anon {
			sink.Via = prependVia(model.FuncName(fn), sink.Via)
			sink.hops = prependHop(ps.pos, sink.hops, len(ps.Sink.Via))
		}
		pos, end := st.pa.argRange(c, ps.Param-astOff)
		l := argL[ps.Param]
		if ps.Field > 0 {
			l = st.argField(args[ps.Param], l, ps.Field-1)
		}
		st.hit(args[ps.Param], l, sink, pos, end, ps.Data)
	}
}

// sinkImpl returns, for a call of interface method fn on a value of type
// recv, a method with sink parameters of the same name whose receiver
// type implements the interface (the run service behind an interface
// that a caller declares for its tests), or nil. The candidates are the
// methods of the types declared in the packages of the run types in view
// and in the package under analysis.
func (pa *pkg) sinkImpl(fn *types.Func, recv types.Type) *types.Func {
	if f := pa.m.Object(fn); f != nil && len(f.Sinks) > 0 {
		return nil
	}
	iface, ok := recv.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	if pa.sinkMethods == nil {
		pa.sinkMethods = pa.collectSinkMethods()
	}
	for _, m := range pa.sinkMethods[fn.Name()] {
		sig, ok := m.Type().(*types.Signature)
		if !ok || sig.Recv() == nil {
			continue
		}
		if types.Implements(sig.Recv().Type(), iface) {
			return m
		}
	}
	return nil
}

func (pa *pkg) collectSinkMethods() map[string][]*types.Func {
	out := map[string][]*types.Func{}
	paths := map[string]bool{pa.pass.Pkg.Path(): true}
	for _, r := range pa.m.Runs() {
		paths[r.Pkg] = true
	}
	pa.eachPackage(func(p *types.Package) {
		if !paths[p.Path()] {
			return
		}
		scope := p.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			named, ok := tn.Type().(*types.Named)
			if !ok {
				continue
			}
			for i := range named.NumMethods() {
				m := named.Method(i)
				if f := pa.m.Object(m); f != nil && len(f.Sinks) > 0 {
					out[m.Name()] = append(out[m.Name()], m)
				}
			}
		}
	})
	return out
}

// eachPackage calls f for the package under analysis and every package it
// imports, directly or not, once each.
func (pa *pkg) eachPackage(f func(*types.Package)) {
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if p == nil || seen[p] {
			return
		}
		seen[p] = true
		f(p)
		for _, imp := range p.Imports() {
			visit(imp)
		}
	}
	visit(pa.pass.Pkg)
}

// ifaceSink returns, for a call of the concrete method fn without sinks
// of its own, the sink method of an interface in view that fn's receiver
// implements with it (a task runner's Log implementing a declared
// Logger.Log), or nil.
func (pa *pkg) ifaceSink(fn *types.Func) *types.Func {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || types.IsInterface(sig.Recv().Type()) {
		return nil
	}
	if f := pa.m.Object(fn); f != nil && len(f.Sinks) > 0 {
		return nil
	}
	if pa.ifaceSinks == nil {
		pa.ifaceSinks = pa.collectIfaceSinks()
	}
	for _, m := range pa.ifaceSinks[fn.Name()] {
		msig, ok := m.Type().(*types.Signature)
		if !ok || msig.Recv() == nil {
			continue
		}
		if iface, ok := msig.Recv().Type().Underlying().(*types.Interface); ok && types.Implements(sig.Recv().Type(), iface) {
			return m
		}
	}
	return nil
}

// collectIfaceSinks returns the methods with sink parameters of the named
// interfaces of the packages in view, but the standard library's, by
// name.
func (pa *pkg) collectIfaceSinks() map[string][]*types.Func {
	out := map[string][]*types.Func{}
	pa.eachPackage(func(p *types.Package) {
		if p != pa.pass.Pkg && stdlib.Is(p.Path()) {
			return // the standard library declares no sinks
		}
		scope := p.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || !types.IsInterface(tn.Type()) {
				continue
			}
			iface := tn.Type().Underlying().(*types.Interface)
			for i := range iface.NumExplicitMethods() {
				m := iface.ExplicitMethod(i)
				if f := pa.m.Object(m); f != nil && len(f.Sinks) > 0 {
					out[m.Name()] = append(out[m.Name()], m)
				}
			}
		}
	})
	return out
}

// prependHop is prependVia for the hops' positions: pos before the n hops
// of the callee's sink (padded with NoPos where they are not known).
func prependHop(pos token.Pos, hops []token.Pos, n int) []token.Pos {
	out := make([]token.Pos, 0, n+1)
	out = append(out, pos)
	for i := range n {
		if i < len(hops) {
			out = append(out, hops[i])
		} else {
			out = append(out, token.NoPos)
		}
	}
	if len(out) > maxVia {
		out = out[:maxVia]
	}
	return out
}

func prependVia(name string, via []string) []string {
	out := make([]string, 0, len(via)+1)
	out = append(out, name)
	out = append(out, via...)
	if len(out) > maxVia {
		out = out[:maxVia]
	}
	return out
}

// valueSinkKind classifies a sink by the type of value it takes: a map, or
// a struct holding one, is a run context; anything else a run message.
func valueSinkKind(t types.Type) SinkKind {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		return SinkContext
	case *types.Struct:
		for i := range u.NumFields() {
			if _, isMap := u.Field(i).Type().Underlying().(*types.Map); isMap {
				return SinkContext
			}
		}
	}
	return SinkMessage
}

// sinkOfAddr returns the sink that a store through addr writes: a sink
// field of a run type or a field of a notification type, directly or
// below it. It returns nil for any other address.
func (pa *pkg) sinkOfAddr(addr ssa.Value) *Sink {
	v := addr
	for range 16 {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			owner, f := structField(x.X.Type(), x.Field)
			if f != nil {
				if r := pa.m.SinkField(f); r != nil {
					return &Sink{Kind: valueSinkKind(f.Type()), Field: true, Target: r.Short() + "." + f.Name(), Pkg: r.Pkg}
				}
				if tf := pa.m.TypeFact(owner); tf != nil && tf.Notification {
					n := model.Named(owner)
					return &Sink{Kind: SinkNotification, Field: true, Target: shortType(owner) + "." + f.Name(), Pkg: n.Obj().Pkg().Path()}
				}
			}
			v = x.X
		case *ssa.IndexAddr:
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			v = x.X
		case *ssa.Slice:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		default:
			return nil
		}
	}
	return nil
}

// --- positions ---

func (pa *pkg) index() {
	if pa.calls != nil {
		return
	}
	pa.calls = map[token.Pos]*ast.CallExpr{}
	pa.values = map[token.Pos]ast.Expr{}
	for _, f := range pa.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				pa.calls[n.Lparen] = n
			case *ast.KeyValueExpr:
				pa.values[n.Colon] = n.Value
			case *ast.CompositeLit:
				for _, e := range n.Elts {
					if _, isKV := e.(*ast.KeyValueExpr); !isKV {
						pa.values[e.Pos()] = e
					}
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, lhs := range n.Lhs {
						if p := designated(lhs); p.IsValid() {
							pa.values[p] = n.Rhs[i]
						}
					}
				}
			}
			return true
		})
	}
}

// designated returns the position the SSA builder gives a store to lhs.
func designated(lhs ast.Expr) token.Pos {
	switch e := ast.Unparen(lhs).(type) {
	case *ast.SelectorExpr:
		return e.Sel.Pos()
	case *ast.IndexExpr:
		return e.Lbrack
	case *ast.StarExpr:
		return e.Star
	case *ast.Ident:
		return e.Pos()
	}
	return token.NoPos
}

// storedRange returns the range of the value that a store at pos stores.
func (pa *pkg) storedRange(pos token.Pos) (token.Pos, token.Pos) {
	pa.index()
	if e := pa.values[pos]; e != nil {
		return e.Pos(), e.End()
	}
	return pos, pos
}

// argRange returns the range of a call's syntactic argument i (-1: the
// receiver), or of the call.
func (pa *pkg) argRange(c *ssa.CallCommon, i int) (token.Pos, token.Pos) {
	pa.index()
	call := pa.calls[c.Pos()]
	if call == nil {
		return c.Pos(), c.Pos()
	}
	switch {
	case i < 0:
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return sel.X.Pos(), sel.X.End()
		}
	case i < len(call.Args):
		sig := c.Signature()
		if sig.Variadic() && i == sig.Params().Len()-1 && !call.Ellipsis.IsValid() {
			return call.Args[i].Pos(), call.Args[len(call.Args)-1].End()
		}
		return call.Args[i].Pos(), call.Args[i].End()
	}
	return call.Pos(), call.End()
}
