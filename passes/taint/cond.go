package taint

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Path conditions, kept small. A function often reads a secret only for
// one kind of its input, and another function calls it only for another
// kind:
//
//	func (r Repository) GitURL() string {
//		if r.Type() == HTTP { url = r.Login + ":" + r.Password + "@" + … }
//		return url
//	}
//	func (r Repository) Path() string {
//		if r.Type() == Local { return r.GitURL() } // never the password
//		…
//	}
//
// A source remembers one test of a parameter that holds where it is read
// (Source.Only). At a call, the test is carried over to the argument; when
// the call is reached only where the test fails, the source does not flow
// from the call, and when the argument is a parameter of the caller, the
// test is carried on in the caller's summary. A sink reached only where a
// source's test fails does not receive that source either. Tests are
// equalities of a constant with a field of a value (through field
// addresses) or with a method of it called without arguments: what an if
// or a switch on a kind compiles to. Anything else is no test, so the flow
// stays; a test that is missed keeps a finding, it never drops one.

// maxConds bounds the tests collected for one block.
const maxConds = 4

// Cond is a test of a parameter: Test (".Kind", ".Key.Kind", or a method
// called on it, "(pkg.T).Kind()") of parameter Param-1 compared with the
// constant Value (its exact string), equal unless Neq. The zero Cond is
// no test.
type Cond struct {
	Param int
	Test  string
	Value string
	Neq   bool
}

func (c Cond) none() bool { return c.Param == 0 }

// less orders tests, no test first.
func (c Cond) less(d Cond) bool {
	switch {
	case c.Param != d.Param:
		return c.Param < d.Param
	case c.Test != d.Test:
		return c.Test < d.Test
	case c.Value != d.Value:
		return c.Value < d.Value
	}
	return !c.Neq && d.Neq
}

func (c Cond) String() string {
	if c.none() {
		return ""
	}
	op := "=="
	if c.Neq {
		op = "!="
	}
	return fmt.Sprintf("p%d%s%s%s", c.Param-1, c.Test, op, c.Value)
}

// suffix is " if c", or nothing for no test.
func (c Cond) suffix() string {
	if c.none() {
		return ""
	}
	return " if " + c.String()
}

// test is a Cond inside one function: of any value (root), not only of a
// parameter.
type test struct {
	root  ssa.Value
	path  string
	value string
	neq   bool
}

// excludes reports whether t and u cannot both hold.
func (t test) excludes(u test) bool {
	if t.root == nil || t.root != u.root || t.path != u.path {
		return false
	}
	if t.neq == u.neq {
		return !t.neq && t.value != u.value
	}
	return t.value == u.value
}

// conds returns the tests that hold in b: those of the If instructions
// that end b's dominators, on the side that leads to b.
func (st *fstate) conds(b *ssa.BasicBlock) []test {
	if b == nil {
		return nil
	}
	if ts, ok := st.condCache[b]; ok {
		return ts
	}
	var ts []test
	for d := b.Idom(); d != nil && len(ts) < maxConds; d = d.Idom() {
		if len(d.Instrs) == 0 || len(d.Succs) != 2 {
			continue
		}
		in, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		t := st.test(in.Cond)
		if t.root == nil {
			continue
		}
		// The side taken is known only when b lies below a successor
		// that nothing else leads to.
		switch {
		case onlyFrom(d.Succs[0], d) && d.Succs[0].Dominates(b):
		case onlyFrom(d.Succs[1], d) && d.Succs[1].Dominates(b):
			t.neq = !t.neq
		default:
			continue
		}
		ts = append(ts, t)
	}
	if st.condCache == nil {
		st.condCache = map[*ssa.BasicBlock][]test{}
	}
	st.condCache[b] = ts
	return ts
}

func onlyFrom(b, pred *ssa.BasicBlock) bool {
	return len(b.Preds) == 1 && b.Preds[0] == pred
}

// test returns the test that v, a boolean, is, or a test without root.
func (st *fstate) test(v ssa.Value) test {
	bin, ok := v.(*ssa.BinOp)
	if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
		return test{}
	}
	x, k := bin.X, bin.Y
	if _, isConst := x.(*ssa.Const); isConst {
		x, k = k, x
	}
	kc, ok := k.(*ssa.Const)
	if !ok || kc.Value == nil || kc.Value.Kind() == constant.Unknown {
		return test{}
	}
	root, path := st.tested(x, 0)
	if root == nil {
		return test{}
	}
	return test{root: root, path: path, value: kc.Value.ExactString(), neq: bin.Op == token.NEQ}
}

// tested returns the value that v reads and how: a field of it, a field of
// what it points to, or a method of it called without arguments.
func (st *fstate) tested(v ssa.Value, depth int) (ssa.Value, string) {
	if depth > maxDepth {
		return nil, ""
	}
	switch x := v.(type) {
	case *ssa.Field:
		if r, path := st.tested(x.X, depth+1); r != nil {
			return r, path + "." + fieldName(x.X.Type(), x.Field)
		}
		return nil, ""
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
			if r, path := st.tested(fa.X, depth+1); r != nil {
				return r, path + "." + fieldName(fa.X.Type(), fa.Field)
			}
			return nil, ""
		}
	case *ssa.Call:
		if depth > 0 {
			return nil, ""
		}
		c := x.Common()
		fn := calleeFunc(c)
		if fn == nil || !isMethod(fn) || c.IsInvoke() || len(c.Args) != 1 {
			return nil, ""
		}
		return st.root(c.Args[0]), fn.FullName() + "()"
	}
	if depth == 0 {
		return nil, "" // the value itself compared: not a test of a part
	}
	return st.root(v), ""
}

// root returns the value that v stands for: a parameter for the
// parameter, a load through a pointer parameter, or the copy of a value
// that SSA keeps in a local when its fields are addressed (and loads of
// it), as long as nothing writes the copy; v itself otherwise.
func (st *fstate) root(v ssa.Value) ssa.Value {
	for range maxDepth {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return v
			}
			switch y := x.X.(type) {
			case *ssa.Parameter:
				return y
			case *ssa.Alloc:
				v = y
				continue
			}
		case *ssa.Alloc:
			c, ok := st.copies[x]
			if !ok {
				c = copied(x)
				if st.copies == nil {
					st.copies = map[*ssa.Alloc]ssa.Value{}
				}
				st.copies[x] = c
			}
			if c == nil {
				return v
			}
			v = c
			continue
		}
		return v
	}
	return v
}

// copied returns the value that local a holds a copy of when a is stored
// once and otherwise only read (loaded, or its fields loaded); nil
// otherwise.
func copied(a *ssa.Alloc) ssa.Value {
	var val ssa.Value
	var readOnly func(refs *[]ssa.Instruction, addr ssa.Value, depth int) bool
	readOnly = func(refs *[]ssa.Instruction, addr ssa.Value, depth int) bool {
		if refs == nil || depth > maxDepth {
			return false
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return false
				}
			case *ssa.FieldAddr:
				if !readOnly(r.Referrers(), r, depth+1) {
					return false
				}
			case *ssa.Store:
				if r.Addr != a || addr != a || val != nil {
					return false
				}
				val = r.Val
			default:
				return false
			}
		}
		return true
	}
	if !readOnly(a.Referrers(), a, 0) {
		return nil
	}
	return val
}

// paramOf returns the index of the parameter that v stands for, or -1.
func (st *fstate) paramOf(v ssa.Value) int {
	if p, ok := st.root(v).(*ssa.Parameter); ok {
		if i, ok := st.index[p]; ok && i < st.nparams {
			return i
		}
	}
	return -1
}

func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if s, ok := t.Underlying().(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return "?"
}

// only is the test of a parameter that holds where a source is read now:
// the innermost of the current block's.
func (st *fstate) only() Cond {
	for _, t := range st.conds(st.block) {
		if i := st.paramOf(t.root); i >= 0 {
			return Cond{Param: i + 1, Test: t.path, Value: t.value, Neq: t.neq}
		}
	}
	return Cond{}
}

// carried is s as a call with args brings it to the current block: nil
// when the test of s cannot hold here, with its test moved to the
// caller's parameter when the argument is one, and without a test
// otherwise. A source of the current function (of its own parameters)
// is carried with args nil.
func (st *fstate) carried(s *Source, args []ssa.Value) *Source {
	if s == nil || s.Only.none() {
		return s
	}
	i := s.Only.Param - 1
	var arg ssa.Value
	switch {
	case args == nil && i < st.nparams:
		arg = st.fn.Params[i]
	case i < len(args):
		arg = args[i]
	}
	if arg == nil {
		return unconditioned(s)
	}
	t := test{root: st.root(arg), path: s.Only.Test, value: s.Only.Value, neq: s.Only.Neq}
	for _, u := range st.conds(st.block) {
		if t.excludes(u) {
			return nil
		}
	}
	if args == nil {
		return s
	}
	n := *s
	n.Only = Cond{}
	if j := st.paramOf(arg); j >= 0 {
		n.Only = s.Only
		n.Only.Param = j + 1
	}
	return &n
}

// withoutConds is f with the tests of its sources dropped, for a callee
// whose arguments are not known where its flow is applied (a func
// literal's captured variables).
func (f Flow) withoutConds() Flow {
	f.Source = unconditioned(f.Source)
	f.Held = unconditioned(f.Held)
	return f
}

func unconditioned(s *Source) *Source {
	if s == nil || s.Only.none() {
		return s
	}
	n := *s
	n.Only = Cond{}
	return &n
}
