package directwrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/internal/fate"
	"github.com/runtruth/runtruth/internal/stdlib"
	"github.com/runtruth/runtruth/passes/model"
)

// A run value that a function builds itself (a composite literal of the
// run type, and the local variable that holds it) is a transition only
// when it may reach a write (package fate tells): a run built to be shown
// (gitea's synthetic "Set up job" step) or rebuilt from its own row for a
// response is not. What a function does with the runs and the pointers
// to guarded fields it receives, and which functions return runs they
// build, are facts for the packages that call it.

// Built marks a function that returns a run value it builds with a
// guarded field set: where a caller's result may be written, the caller
// is reported.
type Built struct {
	Run   string // the run type, qualified
	Field string // the guarded field set
	At    string // where it is set: "dir/file.go:line"
}

// AFact marks Built as an analysis fact.
func (*Built) AFact() {}

func (b *Built) String() string { return "built(" + b.Field + " at " + b.At + ")" }

// ThroughParams marks a function that writes through, stores or returns
// a pointer it receives to a guarded field's type: Fates[i] is the fate of
// parameter i (the receiver first), as for ParamFates.
type ThroughParams struct {
	Fates []uint8
}

// AFact marks ThroughParams as an analysis fact.
func (*ThroughParams) AFact() {}

func (p *ThroughParams) String() string {
	return "through" + strings.TrimPrefix((&ParamFates{Fates: p.Fates}).String(), "fates")
}

// ParamFates marks a function that writes, or returns, a run value it
// receives: Fates[i] is the fate of parameter i (the receiver first).
// Functions without the fact leave their parameters' values as they are.
type ParamFates struct {
	Fates []uint8
}

// AFact marks ParamFates as an analysis fact.
func (*ParamFates) AFact() {}

func (p *ParamFates) String() string {
	var b strings.Builder
	b.WriteString("fates(")
	for i, f := range p.Fates {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(fate.Fate(f).String())
	}
	b.WriteString(")")
	return b.String()
}

// builds records where the functions of the package return run values
// they build with a guarded field set.
type builds struct {
	pass  *analysis.Pass
	fs    *fate.Fates
	local map[*types.Func]*Built
}

// settles decides a guarded field set at n in a run value whose fate is
// f: reported when it may be written; when it is returned, the enclosing
// function is marked Built instead.
func (b *builds) settles(n ast.Node, f fate.Fate, r *model.RunDecl, field, at string) (report bool) {
	switch f {
	case fate.Written:
		return true
	case fate.Returned:
		fd := b.fs.Enclosing(n)
		if fd == nil {
			return true
		}
		fn, ok := b.pass.TypesInfo.Defs[fd.Name].(*types.Func)
		if !ok {
			return true
		}
		if b.local[fn] == nil {
			if at == "" {
				at = shortPos(b.pass, n.Pos())
			}
			bt := &Built{Run: r.QualifiedName(), Field: field, At: at}
			b.local[fn] = bt
			b.pass.ExportObjectFact(fn, bt)
		}
	}
	return false
}

// of returns what fn builds: from this package or from a fact.
func (b *builds) of(fn *types.Func) *Built {
	fn = fn.Origin()
	if bt := b.local[fn]; bt != nil {
		return bt
	}
	if fn.Pkg() == nil || fn.Pkg() == b.pass.Pkg {
		return nil
	}
	var bt Built
	if b.pass.ImportObjectFact(fn, &bt) {
		return &bt
	}
	return nil
}

// shortPos is "dir/file.go:line".
func shortPos(pass *analysis.Pass, pos token.Pos) string {
	p := pass.Fset.Position(pos)
	return filepath.Base(filepath.Dir(p.Filename)) + "/" + filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
}

// exportThroughParams exports the fates of the parameters of the
// package's functions that are pointers to a guarded field's type, when
// one is written through, stored or returned.
func exportThroughParams(pass *analysis.Pass, m *model.Model, fs *fate.Fates) {
	exportFates(pass, fs, func(v *types.Var) bool {
		ptr, ok := v.Type().Underlying().(*types.Pointer)
		if !ok {
			return false
		}
		named := model.Named(ptr.Elem())
		return named != nil && len(m.GuardedType(named)) > 0
	}, func(fates []uint8) analysis.Fact { return &ThroughParams{Fates: fates} })
}

// exportParamFates exports the fates of the parameters of the package's
// functions that hold run values, when one is written or returned.
func exportParamFates(pass *analysis.Pass, m *model.Model, fs *fate.Fates) {
	exportFates(pass, fs, func(v *types.Var) bool {
		return m.RunType(elem(v.Type())) != nil
	}, func(fates []uint8) analysis.Fact { return &ParamFates{Fates: fates} })
}

// exportFates exports, for each function of the package, the fact that
// fact makes of the fates of its parameters that follow selects, when one
// is not fate.Stays.
func exportFates(pass *analysis.Pass, fs *fate.Fates, follow func(*types.Var) bool, fact func([]uint8) analysis.Fact) {
	if stdlib.Is(pass.Pkg.Path()) {
		return // the standard library is modelled, as every driver loads it
	}
	for fn, fd := range fs.Decls() {
		sig, ok := fn.Type().(*types.Signature)
		if !ok {
			continue
		}
		n := sig.Params().Len()
		if sig.Recv() != nil {
			n++
		}
		var out []uint8
		for i := range n {
			v := fate.ParamVar(pass.TypesInfo, fd, i)
			if v == nil || !follow(v) {
				continue
			}
			if f := fs.Var(v); f != fate.Stays {
				if out == nil {
					out = make([]uint8, n)
				}
				out[i] = uint8(f)
			}
		}
		if out != nil {
			pass.ExportObjectFact(fn, fact(out))
		}
	}
}

// elem is t's element type through pointers, slices, arrays and maps.
func elem(t types.Type) types.Type {
	for range 16 { // an element type is not nested deeper
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Map:
			t = u.Elem()
		default:
			return t
		}
	}
	return t
}

// importedFates reads the parameter fates of fn from its facts.
func importedFates(pass *analysis.Pass) func(fn *types.Func, through bool) ([]uint8, bool) {
	return func(fn *types.Func, through bool) ([]uint8, bool) {
		if through {
			var f ThroughParams
			ok := pass.ImportObjectFact(fn, &f)
			return f.Fates, ok
		}
		var f ParamFates
		ok := pass.ImportObjectFact(fn, &f)
		return f.Fates, ok
	}
}
