package model

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/runtruth/runtruth/passes/config"
)

// allow records a //runtruth:allow directive.
func (c *collector) allow(tf *token.File, cm *ast.Comment, d *Directive, code map[int]bool, lines []int) {
	line := tf.Line(cm.Pos())
	target := line
	if !code[line] {
		// On a line of its own: it suppresses the next line of code.
		i := sort.SearchInts(lines, line+1)
		if i < len(lines) {
			target = lines[i]
		} else {
			target = line + 1
		}
	}
	// One allow for each check of a comma-separated list: each is judged
	// (used, unused, unknown check) on its own.
	var checks []string
	var err error
	switch {
	case len(d.Args) == 0:
		checks = []string{""}
		err = fmt.Errorf("%sallow needs a check and a reason: %sallow CHECK why", Prefix, Prefix)
	case len(d.Args) == 1:
		checks = []string{d.Args[0]}
		err = fmt.Errorf("%sallow %s has no reason, so it suppresses nothing: write %sallow %s why", Prefix, d.Args[0], Prefix, d.Args[0])
	default:
		checks = strings.Split(d.Args[0], ",")
		if slices.Contains(checks, "") || len(slices.Compact(slices.Sorted(slices.Values(checks)))) != len(checks) {
			checks = []string{d.Args[0]}
			err = fmt.Errorf("%sallow %s: write the checks once each, separated by commas (%sallow directwrite,dupetruth why)", Prefix, d.Args[0], Prefix)
		}
	}
	for _, check := range checks {
		a := &Allow{Pos: cm.Pos(), File: tf.Name(), Line: target, Check: check, Err: err}
		if len(d.Args) > 1 {
			a.Reason = strings.Join(d.Args[1:], " ")
		}
		c.m.Allows = append(c.m.Allows, a)
		if a.Err == nil {
			k := fileLine{a.File, a.Line}
			c.m.allowAt[k] = append(c.m.allowAt[k], a)
		}
	}
}

// resolve turns the pending directives into the package's declarations.
func (c *collector) resolve() {
	// Registries first: summary directives with string keys refer to them.
	sort.SliceStable(c.pending, func(i, j int) bool {
		return c.pending[i].d.Name == "summarykeys" && c.pending[j].d.Name != "summarykeys"
	})
	for _, p := range c.pending {
		c.apply(p, c.m.local, func(msg string) { c.problem(p.d.Pos, "%s", msg) })
	}
}

// apply checks that the directive fits its declaration and records it in
// into. report receives what is wrong.
func (c *collector) apply(p pending, into map[types.Object]*ObjectFact, report func(string)) {
	d := p.d
	sp := specs[d.Name]
	if !slices.Contains(sp.targets, p.target) {
		name := Prefix + d.Name
		if d.Name == "notprovider" {
			name = "providers: exclude:"
		}
		report(fmt.Sprintf("%s applies to %s, not to %s", name, sp.what, p.target))
		return
	}
	if p.target == targetPackage {
		switch d.Name {
		case "provider":
			c.pkgFact.Provider = true
		case "render":
			c.pkgFact.Render = true
		}
		return
	}
	obj := p.obj
	if obj == nil || obj.Pkg() == nil {
		return // the declaration did not type-check
	}
	f := into[obj]
	if f == nil {
		f = new(ObjectFact)
	}
	ok := true
	switch d.Name {
	case "run":
		ok = c.applyRun(d, obj, f, report)
	case "summarykeys":
		ok = applySummaryKeys(d, obj, f, report)
	case "summary":
		ok = c.applySummary(d, obj, f, into, report)
	case "provider":
		f.Provider = true
	case "notprovider":
		f.NotProvider = true
	case "render":
		f.Render = true
	case "rendercall":
		f.RenderCall = true
	case "secret":
		f.Secret = true
	case "sanitizer":
		f.Sanitizer = true
	case "scope":
		f.Scope = true
	case "proof", "notification":
		if _, isStruct := obj.Type().Underlying().(*types.Struct); !isStruct {
			report(fmt.Sprintf("%s%s applies to a named struct type; %s is not a struct", Prefix, d.Name, obj.Name()))
			return
		}
		if d.Name == "proof" {
			f.Proof = true
		} else {
			f.Notification = true
		}
	case "sink":
		idx, err := paramIndices(obj, strings.Split(d.Args[0], ","))
		if err != nil {
			report(fmt.Sprintf("%s%s: %v", Prefix, d.Name, err))
			return
		}
		for _, i := range idx {
			if !slices.Contains(f.Sinks, i) {
				f.Sinks = append(f.Sinks, i)
			}
		}
		slices.Sort(f.Sinks)
	case "link":
		if f.Link != "" {
			report(fmt.Sprintf("%slink is repeated on %s", Prefix, obj.Name()))
			return
		}
		prefix := d.Args[0]
		if prefix == "/" || strings.ContainsAny(prefix, "\"` ") {
			report(fmt.Sprintf("%slink prefix %q is not a route such as /operations/runs/", Prefix, prefix))
			return
		}
		f.Link = prefix
		c.pkgFact.Links = append(c.pkgFact.Links, LinkDecl{Pkg: obj.Pkg().Path(), Func: obj.Name(), Prefix: prefix})
	case "writer":
		run, _, err := c.resolveName(d.Args[0])
		if err != nil {
			report(fmt.Sprintf("%swriter: %v", Prefix, err))
			return
		}
		if run != nil {
			if _, isType := run.(*types.TypeName); !isType {
				report(fmt.Sprintf("%swriter: %s is not a run type", Prefix, d.Args[0]))
				return
			}
		}
		f.Writer = d.Args[0]
	case "start", "reconciler":
		qn, err := c.runTypeName(d.Args[0], obj.Pkg())
		if err != nil {
			report(fmt.Sprintf("%s%s: %v", Prefix, d.Name, err))
			return
		}
		if d.Name == "start" {
			f.Starts = qn
		} else {
			f.Reconciles = qn
		}
	}
	if ok {
		into[obj] = f
	}
}

// runTypeName returns the qualified name of the run type that the argument
// of a start or reconciler directive names: a type of the function's own
// package by its name (Run), or any type by its qualified name
// (example.com/oprun.Run).
func (c *collector) runTypeName(arg string, pkg *types.Package) (string, error) {
	qn := arg
	if token.IsIdentifier(arg) {
		qn = pkg.Path() + "." + arg
	}
	obj, _, err := c.resolveName(qn)
	if err != nil {
		return "", err
	}
	if obj == nil {
		return qn, nil // not in view here; its own package checks it
	}
	tn, isType := obj.(*types.TypeName)
	if !isType {
		return "", fmt.Errorf("%s is not a run type", arg)
	}
	if _, isStruct := tn.Type().Underlying().(*types.Struct); !isStruct {
		return "", fmt.Errorf("%s is not a run type: not a struct", arg)
	}
	return qn, nil
}

func (c *collector) applyRun(d *Directive, obj types.Object, f *ObjectFact, report func(string)) bool {
	if f.Run != nil {
		report(fmt.Sprintf("%srun is repeated on %s", Prefix, obj.Name()))
		return false
	}
	st, isStruct := obj.Type().Underlying().(*types.Struct)
	if _, isType := obj.(*types.TypeName); !isType || !isStruct {
		report(fmt.Sprintf("%srun applies to a named struct type; %s is not a struct", Prefix, obj.Name()))
		return false
	}
	fieldType := map[string]types.Type{}
	columns := map[string]string{} // declared with columns=, or by tags
	for i := range st.NumFields() {
		fieldType[st.Field(i).Name()] = st.Field(i).Type()
		if col := tagColumn(st.Tag(i)); col != "" {
			columns[st.Field(i).Name()] = col
		}
	}
	r := &RunDecl{Pkg: obj.Pkg().Path(), PkgName: obj.Pkg().Name(), Name: obj.Name()}
	for k, vals := range d.KV {
		switch k {
		case "fields", "sinks":
			for _, v := range vals {
				if _, ok := fieldType[v]; !ok {
					report(fmt.Sprintf("%srun %s=%s: %s has no field %s", Prefix, k, v, obj.Name(), v))
					return false
				}
			}
			if k == "fields" {
				r.Fields = slices.Clone(vals)
			} else {
				r.Sinks = slices.Clone(vals)
			}
		case "owner":
			for _, v := range vals {
				if err := config.ValidatePattern(v); err != nil {
					report(fmt.Sprintf("%srun owner=: %v", Prefix, err))
					return false
				}
			}
			r.Owners = slices.Clone(vals)
		case "table":
			if len(vals) != 1 || vals[0] == "" {
				report(fmt.Sprintf("%srun table= takes one table name", Prefix))
				return false
			}
			r.Tables = []string{strings.ToLower(vals[0])}
		case "columns":
			for _, v := range vals {
				field, col, ok := strings.Cut(v, ":")
				if _, isField := fieldType[field]; !ok || !isField || col == "" {
					report(fmt.Sprintf("%srun columns=%s: want Field:column with a field of %s", Prefix, v, obj.Name()))
					return false
				}
				columns[field] = strings.ToLower(col)
			}
		default:
			report(fmt.Sprintf("%srun has unknown argument %s= (known: fields=, sinks=, owner=, table=, columns=)", Prefix, k))
			return false
		}
	}
	if r.Tables == nil {
		r.Tables = defaultTables(obj.(*types.TypeName), c.pass.Files, c.pass.TypesInfo)
	}
	if r.Fields == nil {
		for _, name := range []string{"Status", "Outcome"} {
			if _, ok := fieldType[name]; ok {
				r.Fields = append(r.Fields, name)
			}
		}
		if r.Fields == nil {
			report(fmt.Sprintf("%srun: %s has neither a Status nor an Outcome field; name its guarded fields with fields=", Prefix, obj.Name()))
			return false
		}
	}
	for _, name := range r.Fields {
		qn := ""
		if n := Named(fieldType[name]); n != nil && n.Obj().Pkg() != nil {
			qn = n.Obj().Pkg().Path() + "." + n.Obj().Name()
		}
		r.FieldTypes = append(r.FieldTypes, qn)
		col, ok := columns[name]
		if !ok {
			col = snake(name)
		}
		r.Columns = append(r.Columns, col)
	}
	f.Run = r
	return true
}

func applySummaryKeys(d *Directive, obj types.Object, f *ObjectFact, report func(string)) bool {
	tn, isType := obj.(*types.TypeName)
	b, isBasic := obj.Type().Underlying().(*types.Basic)
	if !isType || !isBasic || b.Info()&types.IsString == 0 || tn.IsAlias() {
		report(fmt.Sprintf("%ssummarykeys applies to a named string type; %s is not one", Prefix, obj.Name()))
		return false
	}
	reg := &Registry{Pkg: obj.Pkg().Path(), Type: obj.Name()}
	if keys, ok := d.KV["keys"]; ok {
		reg.Keys = slices.Clone(keys)
		reg.Listed = true
	} else {
		scope := obj.Pkg().Scope()
		for _, name := range scope.Names() {
			k, ok := scope.Lookup(name).(*types.Const)
			if !ok || !types.Identical(k.Type(), obj.Type()) || k.Val().Kind() != constant.String {
				continue
			}
			reg.Keys = append(reg.Keys, constant.StringVal(k.Val()))
		}
	}
	slices.Sort(reg.Keys)
	reg.Keys = slices.Compact(reg.Keys)
	if len(reg.Keys) == 0 {
		report(fmt.Sprintf("%ssummarykeys: %s has no constants, so no key is registered", Prefix, obj.Name()))
		return false
	}
	f.SummaryKeys = reg
	return true
}

func (c *collector) applySummary(d *Directive, obj types.Object, f *ObjectFact, into map[types.Object]*ObjectFact, report func(string)) bool {
	idx, err := paramIndices(obj, d.Args[:1])
	if err != nil {
		report(fmt.Sprintf("%ssummary: %v", Prefix, err))
		return false
	}
	sig := obj.Type().(*types.Signature)
	param := sig.Params().At(idx[0])
	mt, ok := param.Type().Underlying().(*types.Map)
	if !ok {
		report(fmt.Sprintf("%ssummary: parameter %s is not a map of summary counts", Prefix, param.Name()))
		return false
	}
	sp := &SummaryParam{Index: idx[0], Name: param.Name()}
	if n := Named(mt.Key()); n != nil {
		if kf := c.lookup(into, n.Obj()); kf == nil || kf.SummaryKeys == nil {
			report(fmt.Sprintf("%ssummary: the key type %s of %s is not a summarykeys type", Prefix, n.Obj().Name(), param.Name()))
			return false
		}
	} else if b, ok := mt.Key().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		var regs []*Registry
		for o, of := range into {
			if of.SummaryKeys != nil && o.Pkg() == obj.Pkg() {
				regs = append(regs, of.SummaryKeys)
			}
		}
		switch len(regs) {
		case 0:
			report(fmt.Sprintf("%ssummary: %s has string keys but package %s declares no %ssummarykeys type with registered keys to check them against", Prefix, param.Name(), obj.Pkg().Name(), Prefix))
			return false
		case 1:
			sp.Registry = regs[0]
		default:
			report(fmt.Sprintf("%ssummary: %s has string keys but package %s declares several summarykeys types; key the map by one of them", Prefix, param.Name(), obj.Pkg().Name()))
			return false
		}
	} else {
		report(fmt.Sprintf("%ssummary: parameter %s must be keyed by a summarykeys type or string", Prefix, param.Name()))
		return false
	}
	f.Summary = sp
	return true
}

func (c *collector) lookup(into map[types.Object]*ObjectFact, obj types.Object) *ObjectFact {
	if f := into[obj]; f != nil {
		return f
	}
	if f := c.m.local[obj]; f != nil {
		return f
	}
	var of ObjectFact
	if obj.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(obj, &of) {
		return &of
	}
	return nil
}

// paramIndices returns the indices of the parameters of fn that names
// gives: by name, or by position counting from 0 (for parameters without
// names, such as an interface method's).
func paramIndices(obj types.Object, names []string) ([]int, error) {
	sig, ok := obj.Type().(*types.Signature)
	if !ok {
		return nil, fmt.Errorf("%s is not a func", obj.Name())
	}
	var idx []int
	for _, name := range names {
		if n, err := strconv.Atoi(name); err == nil {
			if n < 0 || n >= sig.Params().Len() {
				return nil, fmt.Errorf("%s has no parameter at position %d (it has %d, counted from 0)", obj.Name(), n, sig.Params().Len())
			}
			idx = append(idx, n)
			continue
		}
		found := -1
		for i := range sig.Params().Len() {
			if sig.Params().At(i).Name() == name {
				found = i
			}
		}
		if found < 0 {
			var have []string
			for i := range sig.Params().Len() {
				have = append(have, sig.Params().At(i).Name())
			}
			return nil, fmt.Errorf("%s has no parameter %s (parameters: %s)", obj.Name(), name, strings.Join(have, ", "))
		}
		idx = append(idx, found)
	}
	return idx, nil
}

// applyConfig applies the configuration entries that name objects in view.
// An entry that names this package but resolves to nothing, or does not fit
// what it names, is a configuration error.
func (c *collector) applyConfig() error {
	cfg := c.m.Config
	var first error
	apply := func(q string, line int, d *Directive) {
		if first != nil {
			return
		}
		fail := func(msg string) {
			if first == nil {
				first = &config.Error{File: cfg.File, Line: line, Msg: msg}
			}
		}
		obj, t, err := c.resolveName(q)
		if err != nil {
			fail(err.Error())
			return
		}
		if obj == nil {
			return // not in view
		}
		into := c.m.local
		if obj.Pkg() != c.pass.Pkg {
			into = c.foreignMap()
		}
		c.apply(pending{d: d, target: t, obj: obj}, into, fail)
	}
	for _, r := range cfg.Runs {
		d := &Directive{Name: "run", KV: map[string][]string{}}
		if len(r.Fields) > 0 {
			d.KV["fields"] = r.Fields
		}
		if len(r.Sinks) > 0 {
			d.KV["sinks"] = r.Sinks
		}
		if len(r.Owners) > 0 {
			d.KV["owner"] = r.Owners
		}
		if r.Table != "" {
			d.KV["table"] = []string{r.Table}
		}
		for _, field := range slices.Sorted(maps.Keys(r.Columns)) {
			d.KV["columns"] = append(d.KV["columns"], field+":"+r.Columns[field])
		}
		apply(r.Type, r.Line, d)
	}
	for _, s := range cfg.SummaryKeys {
		d := &Directive{Name: "summarykeys", KV: map[string][]string{}}
		if len(s.Keys) > 0 {
			d.KV["keys"] = s.Keys
		}
		apply(s.Type, s.Line, d)
	}
	for _, s := range cfg.Summaries {
		if len(s.Params) != 1 {
			return &config.Error{File: cfg.File, Line: s.Line, Msg: fmt.Sprintf("summaries: %s: name exactly one parameter", s.Func)}
		}
		apply(s.Func, s.Line, &Directive{Name: "summary", Args: s.Params})
	}
	for _, s := range cfg.Sinks {
		apply(s.Func, s.Line, &Directive{Name: "sink", Args: []string{strings.Join(s.Params, ",")}})
	}
	for _, l := range cfg.Links {
		apply(l.Func, l.Line, &Directive{Name: "link", Args: []string{l.Prefix}})
	}
	for _, w := range cfg.Writers {
		apply(w.Func, w.Line, &Directive{Name: "writer", Args: []string{w.Run}})
	}
	for _, s := range cfg.Starts {
		apply(s.Func, s.Line, &Directive{Name: "start", Args: []string{s.Run}})
	}
	for _, r := range cfg.Reconcilers {
		apply(r.Func, r.Line, &Directive{Name: "reconciler", Args: []string{r.Run}})
	}
	for _, g := range cfg.NameGroups() {
		for _, n := range g.Names {
			apply(n.Name, n.Line, &Directive{Name: g.Directive})
		}
	}
	path := c.pass.Pkg.Path()
	for _, p := range cfg.Providers.Packages {
		if config.MatchPattern(p.Pattern, path) {
			c.pkgFact.Provider = true
		}
	}
	return first
}

func (c *collector) foreignMap() map[types.Object]*ObjectFact {
	if c.foreign == nil {
		c.foreign = map[types.Object]*ObjectFact{}
	}
	return c.foreign
}

// resolveName finds the object a qualified name denotes. It returns a nil
// object and no error when the name's package is not in view, and an error
// when the name is in the package under analysis but resolves to nothing.
func (c *collector) resolveName(q string) (types.Object, target, error) {
	pkgPath, rest, err := config.SplitName(q)
	if err != nil {
		return nil, targetNone, err
	}
	pkg := c.m.universe[pkgPath]
	here := pkgPath == c.pass.Pkg.Path()
	if pkg == nil {
		return nil, targetNone, nil
	}
	parts := strings.Split(rest, ".")
	// In the declaring package every name is in view; in a package that
	// imports it directly, from export data, the exported ones are (an
	// indirect import holds only what its importers' export data
	// mentions). So a name made of exported identifiers that resolves to
	// nothing is an error in every package that imports its package
	// directly too, and a misspelled name in a dependency is reported by
	// the packages analyzed for findings (go vet analyzes dependencies for
	// facts only, and prints nothing of them).
	exported := slices.Contains(c.pass.Pkg.Imports(), pkg)
	for _, p := range parts {
		exported = exported && token.IsExported(p)
	}
	nothing := func() (types.Object, target, error) {
		if here || exported {
			return nil, targetNone, fmt.Errorf("%s resolves to nothing in package %s", q, pkgPath)
		}
		return nil, targetNone, nil
	}
	obj := pkg.Scope().Lookup(parts[0])
	if obj == nil || len(parts) > 2 {
		return nothing()
	}
	if len(parts) == 1 {
		switch obj.(type) {
		case *types.TypeName:
			return obj, targetType, nil
		case *types.Func:
			return obj, targetFunc, nil
		}
		return nil, targetNone, fmt.Errorf("%s is a %s, not a type or func", q, kindOf(obj))
	}
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return nothing()
	}
	member, _, _ := types.LookupFieldOrMethod(tn.Type(), true, pkg, parts[1])
	switch member := member.(type) {
	case *types.Var:
		return member, targetField, nil
	case *types.Func:
		return member, targetMethod, nil
	}
	return nothing()
}

func kindOf(obj types.Object) string {
	switch obj.(type) {
	case *types.Var:
		return "var"
	case *types.Const:
		return "const"
	}
	return "name"
}
