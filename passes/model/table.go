package model

import (
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"
	"strings"
	"unicode"
)

// Where a run type is stored, for the column writes of directwrite: its
// table and the columns of its guarded fields.

// snake returns the snake_case of a Go name: ActionRunJob is
// action_run_job, HTTPStatus is http_status.
func snake(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if i > 0 && (prevLower || unicode.IsUpper(rs[i-1]) && nextLower) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// defaultTables returns the tables of a run type without a declared
// table: the constant its TableName method returns, when the method's
// body is in files, or else the snake_case of its name and that name's
// plural.
func defaultTables(tn *types.TypeName, files []*ast.File, info *types.Info) []string {
	if t := tableNameConst(tn, files, info); t != "" {
		return []string{strings.ToLower(t)}
	}
	s := snake(tn.Name())
	return []string{s, s + "s"}
}

// tableNameConst returns the constant string that the TableName() string
// method of tn's type returns, or "".
func tableNameConst(tn *types.TypeName, files []*ast.File, info *types.Info) string {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, tn.Pkg(), "TableName")
	fn, ok := obj.(*types.Func)
	if !ok || info == nil {
		return ""
	}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || info.Defs[fd.Name] != fn || len(fd.Body.List) != 1 {
				continue
			}
			ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				return ""
			}
			if tv, ok := info.Types[ret.Results[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				return constant.StringVal(tv.Value)
			}
			return ""
		}
	}
	return ""
}

// tagColumn returns the column a struct tag names: gorm's column:, db,
// bun, sql, or xorm's quoted name; "" when none does.
func tagColumn(tag string) string {
	st := reflect.StructTag(tag)
	if g, ok := st.Lookup("gorm"); ok {
		for _, part := range strings.Split(g, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(part), ":"); ok && strings.EqualFold(k, "column") {
				return strings.ToLower(strings.TrimSpace(v))
			}
		}
	}
	for _, key := range []string{"db", "bun", "sql"} {
		if v, ok := st.Lookup(key); ok {
			name, _, _ := strings.Cut(v, ",")
			if name != "" && name != "-" {
				return strings.ToLower(name)
			}
		}
	}
	if x, ok := st.Lookup("xorm"); ok {
		if i := strings.IndexByte(x, '\''); i >= 0 {
			if j := strings.IndexByte(x[i+1:], '\''); j > 0 {
				return strings.ToLower(x[i+1 : i+1+j])
			}
		}
	}
	return ""
}
