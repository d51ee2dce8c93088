package taint

import (
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// label is what may reach a value: parameters (bit i for parameter i),
// single fields of parameters, and a secret source. Taint is
// field-sensitive: what a value holds behind a struct field (a config
// holding a token, a pointer to such a struct, a context carrying one) is
// not what the value is. held and hparams record it apart; reading another
// field does not see it, and only formatting or serializing the whole
// value (whole) or passing it whole to a sink turns it into data.
type label struct {
	params uint64
	fields []ParamField // sorted; none of a parameter in params; never modified in place
	src    *Source

	held    *Source      // a source behind a struct field of the value
	hparams uint64       // parameters stored behind a struct field of the value
	deep    uint64       // parameters formatted whole into the value: what they hold is its data
	dparams uint64       // parameters whose data, but not what they hold, a value that holds nothing (a string) derives from
	dfields []ParamField // the same for single fields of parameters; sorted, never modified in place
	deepAt  string       // where the first of deep was formatted whole ("dir/file.go:line")
}

func (l label) empty() bool {
	return l.params == 0 && len(l.fields) == 0 && l.src == nil && l.held == nil && l.hparams == 0 && l.deep == 0 && l.dparams == 0 && len(l.dfields) == 0
}

func (l label) join(o label) label {
	l.params |= o.params
	if len(o.fields) > 0 || (len(l.fields) > 0 && o.params != 0) {
		l.params, l.fields = mergeFields(l.params, l.fields, o.fields)
	}
	l.src = firstSource(l.src, o.src)
	l.held = firstSource(l.held, o.held)
	l.hparams |= o.hparams
	l.deep |= o.deep
	l.dparams |= o.dparams
	if len(o.dfields) > 0 || (len(l.dfields) > 0 && o.dparams != 0) {
		l.dparams, l.dfields = mergeFields(l.dparams, l.dfields, o.dfields)
	}
	if o.deepAt != "" && (l.deepAt == "" || o.deepAt < l.deepAt) {
		l.deepAt = o.deepAt
	}
	return l
}

// firstSource returns the source that a diagnostic prefers of a and b.
func firstSource(a, b *Source) *Source {
	if b != nil && (a == nil || b.less(a)) {
		return b
	}
	return a
}

// behind is what a value holds when l is stored in one of its struct
// fields.
func (l label) behind() label {
	out := label{held: firstSource(l.src, l.held), hparams: l.params | l.hparams | l.deep | l.dparams}
	for _, pf := range slices.Concat(l.fields, l.dfields) {
		out.hparams |= paramBit(pf.Param)
	}
	return out
}

// whole is what formatting or serializing a value whose label is l
// (fmt's %v, json.Marshal) yields, or what a sink that takes the value
// whole receives: what the value holds becomes data.
func (l label) whole() label { return l.wholeAt("") }

// wholeAt is whole for formatting at at ("dir/file.go:line"), which the
// sources it turns into data and the parameters it formats record; with
// at empty, the sources are marked for the position of the value they
// reach next to be recorded.
func (l label) wholeAt(at string) label {
	l = l.unhold(at, at == "")
	if at != "" && l.deep != 0 && (l.deepAt == "" || at < l.deepAt) {
		l.deepAt = at
	}
	return l
}

// unhold turns what l holds into data, recording at, or with formatting
// marking for a position to be recorded, where that happens.
func (l label) unhold(at string, formatting bool) label {
	if l.held != nil {
		c := *l.held
		switch {
		case at != "":
			c.formatting, c.FormattedAt = false, at
		case formatting:
			c.formatting, c.FormattedAt = true, ""
		}
		l.src = firstSource(l.src, &c)
	}
	l.deep |= l.params | l.hparams
	l.held, l.hparams = nil, 0
	return l
}

// data drops what l holds: the label of one field read from a value when
// which field holds what is not known.
func (l label) data() label {
	l.held, l.hparams = nil, 0
	return l
}

// basic is the label of a value whose type holds nothing (a string, or an
// error, which is read by its text): it derives from its parameters' data
// only, so that formatting it does not format them whole.
func (l label) basic() label {
	l = l.data()
	l.dparams |= l.params
	l.params = 0
	if len(l.fields) > 0 {
		l.dparams, l.dfields = mergeFields(l.dparams, l.dfields, l.fields)
		l.fields = nil
	}
	return l
}

// mergeFields returns the union of a and b without the fields of
// parameters in params; past maxFields, the fields become their whole
// parameters.
func mergeFields(params uint64, a, b []ParamField) (uint64, []ParamField) {
	out := make([]ParamField, 0, len(a)+len(b))
	for _, list := range [][]ParamField{a, b} {
		for _, pf := range list {
			if params&paramBit(pf.Param) == 0 {
				out = append(out, pf)
			}
		}
	}
	slices.SortFunc(out, compareField)
	out = slices.Compact(out)
	if len(out) > maxFields {
		for _, pf := range out {
			params |= paramBit(pf.Param)
		}
		out = nil
	}
	if len(out) == 0 {
		out = nil
	}
	return params, out
}

func (l label) withSrc(s *Source) label { return l.join(label{src: s}) }

func (l label) equal(o label) bool {
	return l.params == o.params && slices.Equal(l.fields, o.fields) && sameSource(l.src, o.src) &&
		sameSource(l.held, o.held) && l.hparams == o.hparams && l.deep == o.deep && l.dparams == o.dparams &&
		slices.Equal(l.dfields, o.dfields) && l.deepAt == o.deepAt
}

// strip drops a source that is a parameter's own: summaries carry the
// parameter instead.
func (l label) strip() label {
	if l.src != nil && l.src.param != 0 {
		l.src = nil
	}
	if l.held != nil && l.held.param != 0 {
		l.held = nil
	}
	return l
}

func (l label) flow() Flow {
	return Flow{Params: l.params, Fields: l.fields, Source: l.src, Held: l.held, HeldParams: l.hparams, Deep: l.deep, DeepAt: l.deepAt, DataParams: l.dparams, DataFields: l.dfields}
}

func (f Flow) label() label {
	return label{params: f.Params, fields: f.Fields, src: f.Source, held: f.Held, hparams: f.HeldParams, deep: f.Deep, deepAt: f.DeepAt, dparams: f.DataParams, dfields: f.DataFields}
}

func paramBit(i int) uint64 {
	if i >= maxParams-1 {
		i = maxParams - 1
	}
	return 1 << uint(i)
}

// where is a memory location: a root value and a path of field indices
// and "[]" element steps below it. A path longer than maxDepth is cut;
// below records that the steps cut off pass a struct field, so that what
// is stored there is only held by the location and a load there reads one
// part of it.
type where struct {
	root  ssa.Value
	path  string
	below bool
}

// fstate is the analysis of one function: a flow-insensitive fixpoint
// over its instructions.
type fstate struct {
	pa      *pkg
	fn      *ssa.Function
	nparams int
	index   map[ssa.Value]int // parameters and free variables → parameter index

	vals   map[ssa.Value]label
	tuples map[ssa.Value][]label
	mem    map[ssa.Value]map[string]label
	locs   map[ssa.Value]where
	named  map[ssa.Value]*Source // values of variables with a sensitive name
	addrs  map[ssa.Value]*Source // addresses of such variables
	own    map[ssa.Value]label   // parameters' own labels

	block     *ssa.BasicBlock // the block being visited
	condCache map[*ssa.BasicBlock][]test
	copies    map[*ssa.Alloc]ssa.Value // locals that hold a copy of a value → the value (or nil)

	changed bool
	collect bool     // record findings and the summary
	sum     *Summary // built by each pass
}

// solve computes the summaries of one strongly connected component of the
// call graph and records its findings.
func (pa *pkg) solve(scc []*ssa.Function) {
	rounds := 1
	if len(scc) > 1 || selfCall(scc[0]) {
		rounds = maxRounds
	}
	for range rounds {
		changed := false
		for _, fn := range scc {
			s := pa.analyze(fn)
			if !s.equal(pa.sums[fn]) {
				changed = true
			}
			pa.sums[fn] = s
		}
		if !changed {
			break
		}
	}
}

func selfCall(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if g := c.Common().StaticCallee(); g == fn || (g != nil && g.Origin() == fn) {
					return true
				}
			}
		}
	}
	return false
}

func (pa *pkg) analyze(fn *ssa.Function) *Summary {
	st := &fstate{
		pa:      pa,
		fn:      fn,
		nparams: len(fn.Params),
		index:   map[ssa.Value]int{},
		vals:    map[ssa.Value]label{},
		tuples:  map[ssa.Value][]label{},
		mem:     map[ssa.Value]map[string]label{},
		locs:    map[ssa.Value]where{},
		named:   map[ssa.Value]*Source{},
		addrs:   map[ssa.Value]*Source{},
		own:     map[ssa.Value]label{},
	}
	nres := fn.Signature.Results().Len()
	st.sum = &Summary{Results: make([]Flow, nres), Writes: make([]Flow, len(fn.Params)+len(fn.FreeVars))}
	if len(fn.Blocks) == 0 {
		return st.sum
	}
	for i, p := range fn.Params {
		st.index[p] = i
		l := label{params: paramBit(i)}
		if s := st.paramSource(p, i); s != nil {
			l = st.pa.stamp(l.withSrc(s), p.Pos(), Cond{})
		}
		st.own[p] = l
	}
	for k, fv := range fn.FreeVars {
		i := len(fn.Params) + k
		st.index[fv] = i
		st.own[fv] = label{params: paramBit(i)}
	}
	st.debugRefs()

	n := 0
	for _, b := range fn.Blocks {
		n += len(b.Instrs)
	}
	passes := maxPasses
	if n > largeFunc {
		passes = maxPassesLarge
	}
	// Every pass records findings and the summary: labels only grow, so
	// what a pass finds the next one finds too, and the summary of the
	// last pass, which changed nothing, is the fixpoint's.
	st.collect = true
	for range passes {
		st.changed = false
		st.sum = &Summary{Results: make([]Flow, nres), Writes: make([]Flow, len(fn.Params)+len(fn.FreeVars))}
		st.pass()
		if !st.changed {
			break
		}
	}
	st.finish()
	return st.sum
}

func (st *fstate) pass() {
	for _, b := range st.fn.Blocks {
		st.block = b
		for _, instr := range b.Instrs {
			st.visit(instr)
		}
	}
	st.block = nil
}

// paramSource returns the parameter's own source: a sensitive name on a
// string-like parameter, or a secret type.
func (st *fstate) paramSource(p *ssa.Parameter, i int) *Source {
	if stringLike(p.Type()) && st.pa.names.sensitiveName(p.Name()) {
		return &Source{Kind: KindSecret, Desc: "secret " + p.Name(), param: i + 1}
	}
	if s := st.pa.secretType(p.Type()); s != nil {
		c := *s
		c.param = i + 1
		return &c
	}
	return nil
}

// debugRefs finds the values held by local and package-level variables
// whose name is sensitive.
func (st *fstate) debugRefs() {
	for _, b := range st.fn.Blocks {
		for _, instr := range b.Instrs {
			ref, ok := instr.(*ssa.DebugRef)
			if !ok {
				continue
			}
			v, ok := ref.Object().(*types.Var)
			if !ok || v.IsField() || !stringLike(v.Type()) || !st.pa.names.sensitiveName(v.Name()) {
				continue
			}
			if v.Kind() == types.PackageVar && st.pa.isConstVar(v) {
				continue
			}
			src := st.pa.stamp(label{src: &Source{Kind: KindSecret, Desc: "secret " + v.Name()}}, ref.Pos(), Cond{}).src
			if ref.IsAddr {
				if !st.cleanStores(ref.X) {
					st.addrs[ref.X] = src
				}
				continue
			}
			if st.cleanValue(ref.X, 0) || capturedLoad(ref.X) {
				continue
			}
			if i, isParam := st.index[ref.X]; isParam {
				// The variable holds a parameter: a caller's value.
				c := *src
				c.param = i + 1
				src = &c
			}
			if cur := st.named[ref.X]; cur == nil || src.less(cur) {
				st.named[ref.X] = src
			}
		}
	}
}

// capturedLoad reports whether v reads a captured variable: the function
// that declares the variable names what it holds.
func capturedLoad(v ssa.Value) bool {
	if _, ok := v.(*ssa.FreeVar); ok {
		return true
	}
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return false
	}
	_, ok = u.X.(*ssa.FreeVar)
	return ok
}

// cleanStores reports whether every store into the variable at addr (an
// allocation) stores a value that is clean by construction.
func (st *fstate) cleanStores(addr ssa.Value) bool {
	alloc, ok := addr.(*ssa.Alloc)
	if !ok {
		return false
	}
	refs := alloc.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if s, ok := r.(*ssa.Store); ok && s.Addr == alloc && !st.cleanValue(s.Val, 0) {
			return false
		}
	}
	return true
}

// cleanValue reports whether v is clean by construction: a constant, a
// sanitizer's result, or a phi of such values.
func (st *fstate) cleanValue(v ssa.Value, depth int) bool {
	switch v := v.(type) {
	case *ssa.Const:
		return true
	case *ssa.Call:
		return st.pa.cleans(calleeFunc(&v.Call))
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok {
			return st.pa.cleans(calleeFunc(&c.Call))
		}
	case *ssa.Phi:
		if depth > 4 {
			return false
		}
		for _, e := range v.Edges {
			if e != v && !st.cleanValue(e, depth+1) {
				return false
			}
		}
		return true
	}
	return cleanType(v.Type())
}

// calleeFunc returns the declared func or method a call calls, or nil.
func calleeFunc(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return c.Method
	}
	var fn *ssa.Function
	switch v := c.Value.(type) {
	case *ssa.Function:
		fn = v
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
	}
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// --- labels ---

// ownLabel is what reaches v itself, not counting memory it refers to.
func (st *fstate) ownLabel(v ssa.Value) label {
	var l label
	switch v := v.(type) {
	case *ssa.Const, *ssa.Function, *ssa.Builtin, *ssa.Global:
		return l
	case *ssa.Parameter, *ssa.FreeVar:
		l = st.own[v]
	default:
		l = st.vals[v]
	}
	if s := st.named[v]; s != nil {
		l = l.withSrc(s)
	}
	return l
}

// get is what reaches v, including what is stored in memory it refers to.
// Values of clean types carry nothing.
func (st *fstate) get(v ssa.Value) label {
	if v == nil {
		return label{}
	}
	if _, isConst := v.(*ssa.Const); isConst || cleanType(v.Type()) {
		return label{}
	}
	l := st.ownLabel(v)
	if refType(v.Type()) {
		l = l.join(st.memLoad(st.loc(v)))
	}
	if !holds(v.Type()) || isError(v.Type()) {
		l = l.basic()
	}
	return l
}

// set joins l into v's label.
func (st *fstate) set(v ssa.Value, l label) {
	if cleanType(v.Type()) {
		return
	}
	if !holds(v.Type()) || isError(v.Type()) {
		l = l.basic()
	}
	l = st.pa.stamp(l, v.Pos(), st.only())
	if s := st.pa.secretType(v.Type()); s != nil {
		if _, isAddr := v.(*ssa.Alloc); !isAddr {
			l = l.withSrc(s)
		}
	}
	if l.empty() {
		return
	}
	cur := st.vals[v]
	n := cur.join(l)
	if !n.equal(cur) {
		st.vals[v] = n
		st.changed = true
	}
}

func (st *fstate) setTuple(v ssa.Value, ls []label) {
	cur := st.tuples[v]
	if cur == nil {
		cur = make([]label, len(ls))
		st.tuples[v] = cur
	}
	for i := range ls {
		if i < len(cur) {
			n := cur[i].join(st.pa.stamp(ls[i], v.Pos(), st.only()))
			if !n.equal(cur[i]) {
				cur[i] = n
				st.changed = true
			}
		}
	}
}

// --- memory ---

// loc returns the memory location that v (a pointer, map, slice, chan or
// interface) refers to: field and element addresses, slices and loads of
// references are followed back to their root.
func (st *fstate) loc(v ssa.Value) where {
	if w, ok := st.locs[v]; ok {
		return w
	}
	start := v
	var segs []string
	for range 32 {
		next := ssa.Value(nil)
		switch x := v.(type) {
		case *ssa.FieldAddr:
			segs = append(segs, strconv.Itoa(x.Field))
			next = x.X
		case *ssa.IndexAddr:
			segs = append(segs, "[]")
			next = x.X
		case *ssa.Slice:
			if refType(x.X.Type()) {
				next = x.X
			}
		case *ssa.UnOp:
			if x.Op == token.MUL && refType(x.Type()) {
				next = x.X
			}
		case *ssa.ChangeType:
			next = x.X
		case *ssa.ChangeInterface:
			next = x.X
		case *ssa.SliceToArrayPointer:
			next = x.X
		case *ssa.MakeInterface:
			if refType(x.X.Type()) {
				next = x.X
			}
		case *ssa.TypeAssert:
			if !x.CommaOk && refType(x.AssertedType) {
				next = x.X
			}
		}
		if next == nil {
			break
		}
		v = next
	}
	// segs were collected from the outside in.
	for i, j := 0, len(segs)-1; i < j; i, j = i+1, j-1 {
		segs[i], segs[j] = segs[j], segs[i]
	}
	below := false
	if len(segs) > maxDepth {
		below = slices.ContainsFunc(segs[maxDepth:], isFieldStep)
		segs = segs[:maxDepth]
	}
	w := where{root: v, path: strings.Join(segs, "/"), below: below}
	st.locs[start] = w
	return w
}

func (w where) child(seg string) where {
	if strings.Count(w.path, "/")+1 >= maxDepth && w.path != "" {
		w.below = w.below || isFieldStep(seg)
		return w
	}
	if w.path == "" {
		return where{root: w.root, path: seg, below: w.below}
	}
	return where{root: w.root, path: w.path + "/" + seg, below: w.below}
}

func isFieldStep(seg string) bool { return seg != "[]" }

// under reports whether path q is p or below it, and whether the steps
// from p to q pass a struct field.
func under(p, q string) (ok, field bool) {
	switch {
	case p == q:
		return true, false
	case p == "":
		return true, slices.ContainsFunc(strings.Split(q, "/"), isFieldStep)
	case strings.HasPrefix(q, p+"/"):
		return true, slices.ContainsFunc(strings.Split(q[len(p)+1:], "/"), isFieldStep)
	}
	return false, false
}

// rootLabel is the root's own label as a load at w sees it: for a field
// of a parameter, that field rather than the whole parameter; for a part
// below a field of another value, the value's data but not what it holds.
func (st *fstate) rootLabel(w where) label {
	l := st.ownLabel(w.root)
	if _, field := under("", w.path); field || w.below {
		l = l.data()
	}
	p, isParam := w.root.(*ssa.Parameter)
	if !isParam || w.path == "" {
		return l
	}
	first, _, _ := strings.Cut(w.path, "/")
	f, err := strconv.Atoi(first)
	i := st.index[p]
	if err != nil || i >= maxParams-1 || l.params&paramBit(i) == 0 {
		return l
	}
	l.params &^= paramBit(i)
	return l.join(label{fields: []ParamField{{Param: i, Field: f}}})
}

// memLoad is what a load at w may see: the root's own label, what the
// root's variable name makes it, and every store at a path above or below
// w's. A store below w past a struct field is what the loaded value holds;
// a store above it past a struct field is a value of which the load reads
// one part, which holds none of what that value holds.
func (st *fstate) memLoad(w where) label {
	l := st.rootLabel(w)
	if s := st.addrs[w.root]; s != nil && w.path == "" && !w.below {
		l = l.withSrc(s)
	}
	for q, ml := range st.mem[w.root] {
		if ok, field := under(w.path, q); ok && !(q == w.path && w.below) {
			if field {
				ml = ml.behind()
			}
			l = l.join(ml)
		} else if ok, field := under(q, w.path); ok {
			if field || w.below {
				ml = ml.data()
			}
			l = l.join(ml)
		}
	}
	return l
}

// memStore joins l into the memory at w.
func (st *fstate) memStore(w where, l label) {
	if l.empty() || w.root == nil {
		return
	}
	switch w.root.(type) {
	case *ssa.Const, *ssa.Function, *ssa.Builtin:
		return
	}
	paths := st.mem[w.root]
	if paths == nil {
		paths = map[string]label{}
		st.mem[w.root] = paths
	}
	path := w.path
	if w.below {
		l = l.behind()
	}
	if _, ok := paths[path]; !ok && len(paths) >= maxPaths {
		// Too many paths: the root holds it, and no load of a part of
		// the root sees it.
		path, l = "", l.behind()
	}
	cur := paths[path]
	n := cur.join(l)
	if !n.equal(cur) {
		paths[path] = n
		st.changed = true
	}
}

// --- instructions ---

func (st *fstate) visit(instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.Phi:
		var l label
		for _, e := range in.Edges {
			if e != in {
				l = l.join(st.get(e))
			}
		}
		st.set(in, l)
	case *ssa.UnOp:
		switch in.Op {
		case token.MUL:
			st.set(in, st.load(in.X))
		case token.ARROW:
			l := st.memLoad(st.loc(in.X)).join(st.ownLabel(in.X))
			if in.CommaOk {
				st.setTuple(in, []label{l, {}})
			} else {
				st.set(in, l)
			}
		default:
			st.set(in, st.get(in.X))
		}
	case *ssa.BinOp:
		st.set(in, st.get(in.X).join(st.get(in.Y)))
	case *ssa.Call:
		st.call(&in.Call, in)
	case *ssa.Go:
		st.call(&in.Call, nil)
	case *ssa.Defer:
		st.call(&in.Call, nil)
	case *ssa.ChangeType:
		st.set(in, st.get(in.X))
	case *ssa.Convert:
		st.set(in, st.get(in.X))
	case *ssa.MultiConvert:
		st.set(in, st.get(in.X))
	case *ssa.ChangeInterface:
		st.set(in, st.get(in.X))
	case *ssa.SliceToArrayPointer:
		st.set(in, st.get(in.X))
	case *ssa.MakeInterface:
		st.set(in, st.makeInterface(in))
	case *ssa.TypeAssert:
		l := st.get(in.X)
		if in.CommaOk {
			st.setTuple(in, []label{l, {}})
		} else {
			st.set(in, l)
		}
	case *ssa.Extract:
		if t, ok := st.tuples[in.Tuple]; ok {
			if in.Index < len(t) {
				st.set(in, t[in.Index])
			}
		} else {
			st.set(in, st.ownLabel(in.Tuple))
		}
	case *ssa.Field:
		st.set(in, st.field(in))
	case *ssa.Index:
		st.set(in, st.get(in.X))
	case *ssa.Lookup:
		l := st.get(in.X)
		if isHTTPHeader(in.X.Type()) {
			if h, ok := credentialHeader(in.Index); ok {
				l = l.withSrc(&Source{Kind: KindHeader, Desc: strings.ToLower(h) + " header"})
			}
		} else if mt, ok := in.X.Type().Underlying().(*types.Map); ok && stringLike(mt.Elem()) {
			if key, ok := st.pa.secretKey(in.Index); ok {
				l = l.withSrc(&Source{Kind: KindSecret, Desc: "secret " + key})
			}
		}
		if in.CommaOk {
			st.setTuple(in, []label{l, {}})
		} else {
			st.set(in, l)
		}
	case *ssa.Slice:
		if !refType(in.X.Type()) {
			st.set(in, st.get(in.X)) // a substring
		}
	case *ssa.Range:
		st.set(in, st.get(in.X))
	case *ssa.Next:
		l := st.ownLabel(in.Iter)
		st.setTuple(in, []label{{}, l, l})
	case *ssa.Select:
		// (index, recvOk, one value per receiving state in order)
		ls := []label{{}, {}}
		for _, s := range in.States {
			if s.Dir == types.RecvOnly {
				ls = append(ls, st.memLoad(st.loc(s.Chan)).join(st.ownLabel(s.Chan)))
			}
		}
		st.setTuple(in, ls)
	case *ssa.MakeClosure:
		// A func value carries what it captures.
		var l label
		for _, b := range in.Bindings {
			l = l.join(st.get(b))
		}
		st.set(in, l)
		st.closure(in)
	case *ssa.Store:
		st.store(in)
	case *ssa.MapUpdate:
		l := st.get(in.Key).join(st.get(in.Value))
		st.memStore(st.loc(in.Map).child("[]"), l)
		if st.collect {
			if sk := st.pa.sinkOfAddr(in.Map); sk != nil {
				pos, end := st.pa.storedRange(in.Pos())
				st.hit(in.Value, l, *sk, pos, end, !holds(in.Value.Type()))
			}
		}
	case *ssa.Send:
		st.memStore(st.loc(in.Chan), st.get(in.X))
	case *ssa.Return:
		if st.collect {
			for i, r := range in.Results {
				if i < len(st.sum.Results) {
					l := st.get(r).strip()
					st.sum.Results[i] = joinFlow(st.sum.Results[i], l)
				}
			}
		}
	}
}

func joinFlow(f Flow, l label) Flow {
	return f.label().join(l).flow()
}

// load is what a load through addr reads.
func (st *fstate) load(addr ssa.Value) label {
	l := st.memLoad(st.loc(addr))
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		owner, f := structField(a.X.Type(), a.Field)
		l = st.pa.pickedField(l, f)
		if s := st.pa.fieldSource(owner, f); s != nil {
			l = l.withSrc(s)
		}
	case *ssa.Global:
		if v, ok := a.Object().(*types.Var); ok && stringLike(v.Type()) && st.pa.names.sensitiveName(v.Name()) && !st.pa.isConstVar(v) {
			l = l.withSrc(&Source{Kind: KindSecret, Desc: "secret " + v.Name()})
		}
	}
	return l
}

// pickedField drops a payload or provider error source from what is read
// from field f when the field names something about the payload or error
// (an ID, a name, a count, a code, a status): recording such a field is
// what runsecrets recommends instead of the raw payload, and what
// oprun.ReasonFrom keeps of a provider error.
func (pa *pkg) pickedField(l label, f *types.Var) label {
	if l.src == nil || f == nil || (l.src.Kind != KindBody && l.src.Kind != KindProviderError) {
		return l
	}
	if pa.names.aboutName(f.Name()) || codeName(f.Name()) {
		l.src = nil
	}
	return l
}

// codeName reports whether a field name names a code or status.
func codeName(name string) bool {
	ws := words(name)
	if len(ws) == 0 {
		return false
	}
	switch ws[len(ws)-1] {
	case "code", "status":
		return true
	}
	return false
}

// field is what reading a field of a struct value reads.
func (st *fstate) field(in *ssa.Field) label {
	var l label
	switch x := in.X.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			// A field of a value just loaded: read the field's memory only.
			l = st.memLoad(st.loc(x.X).child(strconv.Itoa(in.Field)))
		} else {
			l = st.get(in.X)
		}
	case *ssa.Parameter:
		l = st.rootLabel(where{root: x, path: strconv.Itoa(in.Field)})
	default:
		// Which field holds what the struct holds is not known here.
		l = st.get(in.X).data()
	}
	owner, f := structField(in.X.Type(), in.Field)
	l = st.pa.pickedField(l, f)
	if s := st.pa.fieldSource(owner, f); s != nil {
		l = l.withSrc(s)
	}
	return l
}

func (st *fstate) store(in *ssa.Store) {
	l := st.get(in.Val)
	intoSecret := false
	if fa, ok := in.Addr.(*ssa.FieldAddr); ok {
		// Reading a secret field is a source anyway; what is stored in it
		// adds nothing (and would taint its neighbours).
		owner, f := structField(fa.X.Type(), fa.Field)
		intoSecret = st.pa.fieldSource(owner, f) != nil
	}
	if !intoSecret {
		st.memStore(st.loc(in.Addr), l)
	}
	if st.collect {
		if sk := st.pa.sinkOfAddr(in.Addr); sk != nil {
			pos, end := st.pa.storedRange(in.Pos())
			st.hit(in.Val, l, *sk, pos, end, !holds(in.Val.Type()))
		}
	}
}

// makeInterface is what a value converted to an interface carries: the
// value, unless its type formats redacted; a source that its Error method
// returns; and held, which formatting or marshalling the value whole
// leaks, a source that its String method returns or, for a struct without
// such methods, its secret fields.
func (st *fstate) makeInterface(in *ssa.MakeInterface) label {
	t := in.X.Type()
	if st.pa.redactingType(t) {
		return label{}
	}
	l := st.get(in.X)
	hasMethod := false
	for _, name := range []string{"Error", "String"} {
		fn := st.pa.method(t, name)
		if fn == nil {
			continue
		}
		if !hasMethod {
			// fmt prints the method's text, not the fields.
			l = l.data()
			hasMethod = true
		}
		if s := st.pa.summaryOf(st.fn.Prog.FuncValue(fn), fn); s != nil && len(s.Results) > 0 && s.Results[0].Source != nil {
			if name == "Error" {
				// An error is read by its text.
				l = l.withSrc(st.carried(s.Results[0].Source, []ssa.Value{in.X}))
			} else {
				// What String returns is what formatting the value
				// yields, not the value.
				l = l.join(label{held: st.carried(s.Results[0].Source, []ssa.Value{in.X})})
			}
		}
	}
	if !hasMethod {
		if s := st.pa.holdsSecret(t); s != nil {
			l = l.join(label{held: s})
		}
	}
	return l
}

// closure applies what a func literal does with the variables it
// captures: stores into them, and sinks they reach.
func (st *fstate) closure(in *ssa.MakeClosure) {
	fn, ok := in.Fn.(*ssa.Function)
	if !ok || fn.Parent() == nil {
		return // a bound method value
	}
	s := st.pa.sums[fn]
	if s == nil {
		return
	}
	np := len(fn.Params)
	// The literal's parameters are its own; its captured variables follow.
	argL := make([]label, np+len(in.Bindings))
	for k, b := range in.Bindings {
		argL[np+k] = st.get(b)
	}
	whole := func(i, _ int) label { return argL[i] }
	for i, w := range s.Writes {
		if k := i - np; k >= 0 && k < len(in.Bindings) && !w.empty() {
			st.memStore(st.loc(in.Bindings[k]), flowLabel(w.withoutConds(), argL, whole))
		}
	}
	for _, fw := range s.FieldWrites {
		if k := fw.Param - np; k >= 0 && k < len(in.Bindings) {
			st.memStore(st.loc(in.Bindings[k]).child(strconv.Itoa(fw.Field)), flowLabel(fw.Flow.withoutConds(), argL, whole))
		}
	}
	if st.collect {
		for _, ps := range s.Sinks {
			if k := ps.Param - np; k >= 0 && k < len(in.Bindings) {
				st.sinkHit(argL[ps.Param], ps.Sink, ps.pos, ps.end, ps.Data)
			}
		}
	}
}

// callback applies a func literal passed to a call whose callee is not
// known (an iterator, a visitor): each of its parameters may receive what
// the call's other arguments carry, u.
func (st *fstate) callback(in *ssa.MakeClosure, u label) {
	fn, ok := in.Fn.(*ssa.Function)
	if !ok || fn.Parent() == nil || u.empty() {
		return
	}
	s := st.pa.sums[fn]
	if s == nil {
		return
	}
	np := len(fn.Params)
	var own uint64
	for i := range np {
		own |= paramBit(i)
	}
	fromParam := func(w Flow) bool {
		return (w.Params|w.HeldParams|w.Deep|w.DataParams)&own != 0 || slices.ContainsFunc(slices.Concat(w.Fields, w.DataFields), func(pf ParamField) bool { return pf.Param < np })
	}
	for i, w := range s.Writes {
		if k := i - np; k >= 0 && k < len(in.Bindings) && fromParam(w) {
			st.memStore(st.loc(in.Bindings[k]), u)
		}
	}
	for _, fw := range s.FieldWrites {
		if k := fw.Param - np; k >= 0 && k < len(in.Bindings) && fromParam(fw.Flow) {
			st.memStore(st.loc(in.Bindings[k]).child(strconv.Itoa(fw.Field)), u)
		}
	}
	if st.collect {
		for _, ps := range s.Sinks {
			if ps.Param < np {
				st.sinkHit(u, ps.Sink, ps.pos, ps.end, ps.Data)
			}
		}
	}
}

// hit records that value v, whose label is l, reaches sink at [pos, end).
// When v is a literal built there, the finding points at the element that
// carries the source.
func (st *fstate) hit(v ssa.Value, l label, sink Sink, pos, end token.Pos, data bool) {
	l = sinkLabel(l, data)
	l.src = st.carried(l.src, nil)
	if l.src != nil {
		if p, e, ok := st.within(v, l.src, pos, end, 0); ok {
			st.pa.addFinding(p, e, l.src, sink)
			l.src = nil
		}
	}
	st.sinkHit(l, sink, pos, end, data)
}

// within finds, in the literal v built within [pos, end), the element
// (struct field value, map key or value, slice element) that carries src,
// and returns its range.
func (st *fstate) within(v ssa.Value, src *Source, pos, end token.Pos, depth int) (token.Pos, token.Pos, bool) {
	if depth > 3 || v == nil {
		return 0, 0, false
	}
	var root ssa.Value
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			root = x.X
		}
	case *ssa.Alloc, *ssa.MakeMap:
		root = x
	case *ssa.Slice:
		root = x.X
	case *ssa.MakeInterface:
		return st.within(x.X, src, pos, end, depth+1)
	case *ssa.ChangeType:
		return st.within(x.X, src, pos, end, depth+1)
	}
	if root == nil {
		return 0, 0, false
	}
	refs := root.Referrers()
	if refs == nil {
		return 0, 0, false
	}
	try := func(val ssa.Value, at token.Pos) (token.Pos, token.Pos, bool) {
		if s := st.get(val).unhold("", false).src; s == nil || s.Kind != src.Kind || s.Desc != src.Desc || s.At != src.At {
			return 0, 0, false
		}
		p, e := st.pa.storedRange(at)
		if p < pos || e > end || (p == pos && e == end) {
			return 0, 0, false
		}
		if p2, e2, ok := st.within(val, src, p, e, depth+1); ok {
			return p2, e2, true
		}
		return p, e, true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.MapUpdate:
			if r.Map == root {
				if p, e, ok := try(r.Value, r.Pos()); ok {
					return p, e, true
				}
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			addr := r.(ssa.Value)
			arefs := addr.Referrers()
			if arefs == nil {
				continue
			}
			for _, ar := range *arefs {
				if store, ok := ar.(*ssa.Store); ok && store.Addr == addr {
					if p, e, ok := try(store.Val, store.Pos()); ok {
						return p, e, true
					}
				}
			}
		}
	}
	return 0, 0, false
}

// sinkLabel is what a sink receives of a value labelled l: its data when
// the value holds nothing (a string) or the sink takes only the data of a
// callee's parameter; otherwise the value whole, what it holds included.
func sinkLabel(l label, data bool) label {
	if data {
		return l.basic()
	}
	return l.unhold("", false)
}

// sinkHit records that l reaches sink at [pos, end): a finding for its
// source, a summary entry for its parameters.
func (st *fstate) sinkHit(l label, sink Sink, pos, end token.Pos, data bool) {
	l = sinkLabel(l, data)
	if src := st.carried(l.src, nil); src != nil {
		st.pa.addFinding(pos, end, src, sink)
	}
	ownSource := func(i int) bool {
		if i < st.nparams {
			if s := st.ownLabel(st.fn.Params[i]).src; s != nil && s.param == i+1 {
				return true // the parameter is a source itself: reported here
			}
		}
		return false
	}
	for i := range maxParams {
		bit := paramBit(i)
		if (l.params|l.deep|l.dparams)&bit == 0 || i >= len(st.sum.Writes) || ownSource(i) {
			continue
		}
		st.addSink(ParamSink{Param: i, Data: data || (l.params|l.deep)&bit == 0, Sink: sink, pos: pos, end: end})
	}
	for _, pf := range l.fields {
		if pf.Param < len(st.sum.Writes) && !ownSource(pf.Param) {
			st.addSink(ParamSink{Param: pf.Param, Field: pf.Field + 1, Data: data, Sink: sink, pos: pos, end: end})
		}
	}
	for _, pf := range l.dfields {
		if pf.Param < len(st.sum.Writes) && !ownSource(pf.Param) {
			st.addSink(ParamSink{Param: pf.Param, Field: pf.Field + 1, Data: true, Sink: sink, pos: pos, end: end})
		}
	}
}

func (st *fstate) addSink(ps ParamSink) {
	n := 0
	for _, cur := range st.sum.Sinks {
		if cur.Param != ps.Param {
			continue
		}
		if (cur.Field == 0 || cur.Field == ps.Field) && (!cur.Data || ps.Data) && sameSink(cur.Sink, ps.Sink) {
			return // the same, or covered by the whole parameter
		}
		n++
	}
	if n < maxSinks {
		st.sum.Sinks = append(st.sum.Sinks, ps)
	}
}

// finish records in the summary what the function stores through its
// parameters.
func (st *fstate) finish() {
	fields := map[[2]int]label{}
	for root, paths := range st.mem {
		i, ok := st.index[root]
		if !ok || i >= len(st.sum.Writes) {
			continue
		}
		for path, l := range paths {
			l = l.strip()
			first, rest, _ := strings.Cut(path, "/")
			f, err := strconv.Atoi(first)
			if err != nil {
				if _, field := under("", path); field {
					// Stored in a field below what the parameter
					// refers to: the caller's value holds it.
					l = l.behind()
				}
				st.sum.Writes[i] = joinFlow(st.sum.Writes[i], l)
				continue
			}
			if _, field := under("", rest); field {
				l = l.behind()
			}
			key := [2]int{i, f}
			fields[key] = fields[key].join(l)
		}
	}
	for key, l := range fields {
		st.sum.FieldWrites = append(st.sum.FieldWrites, FieldWrite{Param: key[0], Field: key[1], Flow: l.flow()})
	}
	slices.SortFunc(st.sum.FieldWrites, func(a, b FieldWrite) int {
		return compareField(ParamField{a.Param, a.Field}, ParamField{b.Param, b.Field})
	})
}
