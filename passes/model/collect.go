package model

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// collector reads the directives of one package.
type collector struct {
	pass    *analysis.Pass
	m       *Model
	pkgFact *PackageFact
	pending []pending
	// foreign holds configured declarations of other packages' objects.
	foreign map[types.Object]*ObjectFact
}

// pending is a parsed directive with the declaration it annotates.
type pending struct {
	d      *Directive
	target target
	obj    types.Object // nil for the package clause
}

type docTarget struct {
	target target
	objs   []types.Object // nil element for the package clause
}

func (c *collector) problem(pos token.Pos, format string, args ...any) {
	c.m.Problems = append(c.m.Problems, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// file collects the directives and allows of one file.
func (c *collector) file(f *ast.File) {
	tf := c.pass.Fset.File(f.Package)
	if tf == nil {
		return
	}
	name := tf.Name()
	if ast.IsGenerated(f) && !isCgo(f) || c.m.Config.Excluded(name) {
		c.m.skipFile[name] = true
	}
	docs := c.docTargets(f)

	// Lines that hold code: a comment on any other line stands on a line
	// of its own.
	code := map[int]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil, *ast.Comment, *ast.CommentGroup:
			return false
		}
		if n.Pos().IsValid() && n.End().IsValid() && int(n.End()) <= tf.Base()+tf.Size() {
			code[tf.Line(n.Pos())] = true
			code[tf.Line(n.End())] = true
		}
		return true
	})
	lines := make([]int, 0, len(code))
	for l := range code {
		lines = append(lines, l)
	}
	sort.Ints(lines)

	for _, g := range f.Comments {
		for _, cm := range g.List {
			text := cm.Text
			if !strings.HasPrefix(text, Prefix) {
				if rest, ok := strings.CutPrefix(text, "// runtruth:"); ok && rest != "" && isLetter(rest[0]) {
					c.problem(cm.Pos(), "directive has a space after //: write %s%s", Prefix, rest)
				}
				continue
			}
			d, err := parseDirective(cm.Pos(), text)
			if d != nil && d.Name == "allow" {
				c.allow(tf, cm, d, code, lines)
				continue
			}
			if err != nil {
				c.problem(cm.Pos(), "%v", err)
				continue
			}
			dt, ok := docs[g]
			if !ok {
				c.problem(cm.Pos(), "%s%s is not in a doc comment: put it in the doc comment of %s", Prefix, d.Name, specs[d.Name].what)
				continue
			}
			for _, obj := range dt.objs {
				c.pending = append(c.pending, pending{d: d, target: dt.target, obj: obj})
			}
			if dt.target == targetNone {
				c.problem(cm.Pos(), "%s%s applies to %s, not to a var or const", Prefix, d.Name, specs[d.Name].what)
			}
		}
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// docTargets maps each doc comment of the file to the declarations it
// documents.
func (c *collector) docTargets(f *ast.File) map[*ast.CommentGroup]docTarget {
	docs := map[*ast.CommentGroup]docTarget{}
	if f.Doc != nil {
		docs[f.Doc] = docTarget{target: targetPackage, objs: []types.Object{nil}}
	}
	defs := c.pass.TypesInfo.Defs
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			if decl.Doc == nil {
				continue
			}
			t := targetFunc
			if decl.Recv != nil {
				t = targetMethod
			}
			docs[decl.Doc] = docTarget{target: t, objs: []types.Object{defs[decl.Name]}}
		case *ast.GenDecl:
			for _, spec := range decl.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok {
					if decl.Doc != nil {
						docs[decl.Doc] = docTarget{target: targetNone}
					}
					continue
				}
				dt := docTarget{target: targetType, objs: []types.Object{defs[ts.Name]}}
				if ts.Doc != nil {
					docs[ts.Doc] = dt
				}
				if decl.Doc != nil && len(decl.Specs) == 1 {
					docs[decl.Doc] = dt
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					continue
				}
				for _, field := range st.Fields.List {
					if field.Doc == nil {
						continue
					}
					fdt := docTarget{target: targetField}
					for _, n := range field.Names {
						fdt.objs = append(fdt.objs, defs[n])
					}
					if len(field.Names) == 0 {
						fdt.objs = append(fdt.objs, embeddedField(defs[ts.Name], field))
					}
					docs[field.Doc] = fdt
				}
			}
		}
	}
	return docs
}

// embeddedField returns the field object of an embedded field, or nil.
func embeddedField(typeName types.Object, field *ast.Field) types.Object {
	if typeName == nil {
		return nil
	}
	st, ok := typeName.Type().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := range st.NumFields() {
		if f := st.Field(i); f.Embedded() && f.Pos() == field.Type.Pos() {
			return f
		}
	}
	// The field's position is that of its type name, after any '*'.
	for i := range st.NumFields() {
		if f := st.Field(i); f.Embedded() && f.Pos() >= field.Type.Pos() && f.Pos() < field.Type.End() {
			return f
		}
	}
	return nil
}

// isCgo reports whether f is a file that cmd/cgo rewrote from a source file
// of the package: it is marked generated, but its code is the user's.
func isCgo(f *ast.File) bool {
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "// Code generated by cmd/cgo;") {
				return true
			}
		}
	}
	return false
}
