package directwrite

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/directwrite/internal/sqlwrite"
	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/passes/model"
)

// GeneratedWriter is the fact of a function declared in a generated file
// (sqlc, ent) whose body writes a guarded column of a run type with
// constant SQL, or that is a generated setter of a guarded field in ent's
// style. Generated code is not reported itself; its callers
// outside the run type's owners are.
type GeneratedWriter struct {
	Run    string // the run type's qualified name
	Column string // the guarded column it writes, the first if several
	Field  string // the column's field
}

// AFact marks GeneratedWriter as an analysis fact.
func (*GeneratedWriter) AFact() {}

func (g *GeneratedWriter) String() string {
	return fmt.Sprintf("generatedwriter(%s.%s, %s)", g.Run, g.Field, g.Column)
}

// exportGeneratedWriters exports a GeneratedWriter for each function of a
// generated file of the package whose constant SQL writes a guarded column.
func exportGeneratedWriters(pass *analysis.Pass, m *model.Model) {
	runs := m.Runs()
	for _, file := range pass.Files {
		if !ast.IsGenerated(file) {
			continue
		}
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if g := setter(fn, runs); g != nil {
				pass.ExportObjectFact(fn, g)
				continue
			}
			var fact *GeneratedWriter
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || fact != nil {
					return fact == nil
				}
				for _, a := range call.Args {
					s, ok := constString(pass, a)
					if !ok || !mayWrite(s) {
						continue
					}
					for _, w := range sqlwrite.Writes(s) {
						for i := range runs {
							if !runs[i].Table(w.Table) {
								continue
							}
							cols := w.Columns
							if w.AllColumns {
								cols = runs[i].Columns
							}
							for _, col := range cols {
								if f := runs[i].Column(col); f != "" && fact == nil {
									fact = &GeneratedWriter{Run: runs[i].QualifiedName(), Column: col, Field: f}
								}
							}
						}
					}
				}
				return fact == nil
			})
			if fact != nil {
				pass.ExportObjectFact(fn, fact)
			}
		}
	}
}

// setter returns the fact of a generated setter of a guarded field, in
// ent's style: a method Set<Field> of a type of the run type's package
// whose name starts with the run type's (JobUpdateOne.SetStatus for the
// run type Job), or nil.
func setter(fn *types.Func, runs []model.RunDecl) *GeneratedWriter {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil || fn.Pkg() == nil || len(fn.Name()) <= len("Set") || fn.Name()[:3] != "Set" {
		return nil
	}
	recv := model.Named(sig.Recv().Type())
	if recv == nil {
		return nil
	}
	field := fn.Name()[3:]
	for i := range runs {
		r := &runs[i]
		if r.Pkg != fn.Pkg().Path() || !strings.HasPrefix(recv.Obj().Name(), r.Name) || recv.Obj().Name() == r.Name {
			continue
		}
		for j, f := range r.Fields {
			if f == field && j < len(r.Columns) {
				return &GeneratedWriter{Run: r.QualifiedName(), Column: r.Columns[j], Field: f}
			}
		}
	}
	return nil
}

// checkGeneratedCall reports a call of fn, a generated writer of a run
// type the package does not own.
func checkGeneratedCall(pass *analysis.Pass, m *model.Model, rep *model.Reporter, call *ast.CallExpr, fn *types.Func) {
	var g GeneratedWriter
	if !pass.ImportObjectFact(fn, &g) {
		return
	}
	if r := foreignRun(m, g.Run); r != nil {
		rep.Reportf(call, "call of generated %s, which writes guarded column %s (%s.%s), outside its owner packages; %s",
			fn.Name(), g.Column, r.Short(), g.Field, advice.Transitions(r))
	}
}

// checkWriterCall reports a call of fn, a declared writer
// (//runtruth:writer, writers: in the configuration) of a run type the
// package does not own.
func checkWriterCall(m *model.Model, rep *model.Reporter, call *ast.CallExpr, fn *types.Func) {
	f := m.Object(fn)
	if f == nil || f.Writer == "" {
		return
	}
	if r := foreignRun(m, f.Writer); r != nil {
		rep.Reportf(call, "call of %s, a writer of run type %s, outside its owner packages; %s",
			model.FuncName(fn), r.Short(), advice.Transitions(r))
	}
}

// foreignRun returns the run type in view of the qualified name qn when
// the package does not own it, or nil.
func foreignRun(m *model.Model, qn string) *model.RunDecl {
	if r := m.RunNamed(qn); r != nil && !m.IsOwner(r) {
		return r
	}
	return nil
}
