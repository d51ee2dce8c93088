package config

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/runtruth/runtruth/internal/textdist"
)

// checkKeys walks the YAML tree beside the Go type it decodes into and
// reports every key that the type does not know (with the known key it
// most likely means) and every value whose shape (mapping, sequence,
// scalar) is wrong, with their lines: one *Error, or Errors.
func checkKeys(node *yaml.Node, t reflect.Type) error {
	var errs Errors
	checkNode(node, t, 0, &errs)
	return errs.err()
}

// maxAliases bounds the aliases followed on one path through the tree: an
// alias of an anchor that holds it would never end.
const maxAliases = 16

func checkNode(node *yaml.Node, t reflect.Type, aliases int, errs *Errors) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch node.Kind {
	case 0:
		return // a document of comments only
	case yaml.DocumentNode:
		for _, c := range node.Content {
			checkNode(c, t, aliases, errs)
		}
		return
	case yaml.AliasNode:
		// An alias (*name) stands for its anchor's value (&name), which
		// must fit here too.
		if aliases >= maxAliases || node.Alias == nil {
			errs.add(node.Line, "YAML aliases nest too deeply")
			return
		}
		checkNode(node.Alias, t, aliases+1, errs)
		return
	}
	if node.Tag == "!!null" {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if scalarStruct(t) {
			return // decoded by its own UnmarshalYAML from a scalar
		}
		if node.Kind != yaml.MappingNode {
			errs.add(node.Line, fmt.Sprintf("expected a mapping with keys %s", strings.Join(keysOf(t), ", ")))
			return
		}
		fields := fieldsByKey(t)
		seen := map[string]bool{}
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, v := node.Content[i], node.Content[i+1]
			if k.Tag == "!!merge" {
				// <<: *defaults merges the keys of a mapping (or of a
				// list of mappings) that the entry may override.
				merged := []*yaml.Node{v}
				if v.Kind == yaml.SequenceNode {
					merged = v.Content
				}
				for _, m := range merged {
					checkNode(m, t, aliases, errs)
				}
				continue
			}
			f, ok := fields[k.Value]
			if !ok {
				if near := textdist.Closest(k.Value, keysOf(t)); near != "" {
					errs.add(k.Line, fmt.Sprintf("unknown key %q; did you mean %s?", k.Value, near))
				} else {
					errs.add(k.Line, fmt.Sprintf("unknown key %q (known keys: %s)", k.Value, strings.Join(keysOf(t), ", ")))
				}
				continue
			}
			if seen[k.Value] {
				errs.add(k.Line, fmt.Sprintf("duplicate key %q", k.Value))
				continue
			}
			seen[k.Value] = true
			checkNode(v, f.Type, aliases, errs)
		}
	case reflect.Map:
		if node.Kind != yaml.MappingNode {
			errs.add(node.Line, "expected a mapping")
			return
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, v := node.Content[i], node.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				errs.add(k.Line, "expected a scalar key")
				continue
			}
			if seen[k.Value] {
				errs.add(k.Line, fmt.Sprintf("duplicate key %q", k.Value))
				continue
			}
			seen[k.Value] = true
			checkNode(v, t.Elem(), aliases, errs)
		}
	case reflect.Slice:
		if node.Kind != yaml.SequenceNode {
			errs.add(node.Line, "expected a list")
			return
		}
		for _, c := range node.Content {
			checkNode(c, t.Elem(), aliases, errs)
		}
	default:
		if node.Kind != yaml.ScalarNode {
			errs.add(node.Line, fmt.Sprintf("expected a %s value", t.Kind()))
		}
	}
}

// Errors are the configuration errors of one file, in the order found.
type Errors []*Error

func (e *Errors) add(line int, msg string) { *e = append(*e, &Error{Line: line, Msg: msg}) }

// put adds err, an *Error or nil.
func (e *Errors) put(err error) {
	if ce, ok := err.(*Error); ok && ce != nil {
		*e = append(*e, ce)
	}
}

// err returns nil, the one error, or the list.
func (e Errors) err() error {
	switch len(e) {
	case 0:
		return nil
	case 1:
		return e[0]
	}
	return e
}

// inFile names the file in err's configuration errors.
func inFile(err error, file string) error {
	var list Errors
	if errors.As(err, &list) {
		for _, ce := range list {
			ce.File = file
		}
	} else if ce := (*Error)(nil); errors.As(err, &ce) {
		ce.File = file
	}
	return err
}

// Error returns the errors, one a line.
func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, err := range e {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}

// As makes errors.As find the first error of the list as an *Error.
func (e Errors) As(target any) bool {
	if p, ok := target.(**Error); ok && len(e) > 0 {
		*p = e[0]
		return true
	}
	return false
}

// scalarStruct reports whether t is one of the struct types that decode
// from a scalar.
func scalarStruct(t reflect.Type) bool {
	return t == reflect.TypeOf(Name{}) || t == reflect.TypeOf(Pattern{}) || t == reflect.TypeOf(PathPattern{}) || t == reflect.TypeOf(Selection{})
}

func fieldsByKey(t reflect.Type) map[string]reflect.StructField {
	m := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		m[tag] = f
	}
	return m
}

func keysOf(t reflect.Type) []string {
	var keys []string
	for k := range fieldsByKey(t) {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// The entry types record their line; their keys were checked by checkKeys.

// DupetruthMode selects dupetruth's rule: "" reports fields that a guarded
// field is copied into, DupetruthStrict every field of a guarded field's
// type.
type DupetruthMode string

// DupetruthStrict is the type-only rule of dupetruth.
const DupetruthStrict DupetruthMode = "strict"

// UnmarshalYAML decodes a mode, the one there is.
func (m *DupetruthMode) UnmarshalYAML(node *yaml.Node) error {
	var s string
	if err := node.Decode(&s); err != nil {
		return &Error{Line: node.Line, Msg: cleanYAML(err)}
	}
	if DupetruthMode(s) != DupetruthStrict {
		return &Error{Line: node.Line, Msg: fmt.Sprintf("dupetruth: %q is not a mode (the mode there is: strict)", s)}
	}
	*m = DupetruthStrict
	return nil
}

// UnmarshalYAML decodes a Run and records its line.
func (r *Run) UnmarshalYAML(node *yaml.Node) error {
	type plain Run
	if err := node.Decode((*plain)(r)); err != nil {
		return &Error{Line: node.Line, Msg: cleanYAML(err)}
	}
	r.Line = node.Line
	if r.Type == "" {
		return &Error{Line: node.Line, Msg: "runs: entry has no type"}
	}
	return nil
}

// UnmarshalYAML decodes a SummaryKeys entry and records its line.
func (s *SummaryKeys) UnmarshalYAML(node *yaml.Node) error {
	type plain SummaryKeys
	if err := node.Decode((*plain)(s)); err != nil {
		return &Error{Line: node.Line, Msg: cleanYAML(err)}
	}
	s.Line = node.Line
	if s.Type == "" {
		return &Error{Line: node.Line, Msg: "summary-keys: entry has no type"}
	}
	return nil
}

// UnmarshalYAML decodes a FuncParams entry and records its line.
func (f *FuncParams) UnmarshalYAML(node *yaml.Node) error {
	type plain FuncParams
	if err := node.Decode((*plain)(f)); err != nil {
		return &Error{Line: node.Line, Msg: cleanYAML(err)}
	}
	f.Line = node.Line
	if f.Func == "" {
		return &Error{Line: node.Line, Msg: "entry has no func"}
	}
	return nil
}

// UnmarshalYAML decodes a FuncRun entry and records its line.
func (w *FuncRun) UnmarshalYAML(node *yaml.Node) error {
	type plain FuncRun
	if err := node.Decode((*plain)(w)); err != nil {
		return &Error{Line: node.Line, Msg: cleanYAML(err)}
	}
	w.Line = node.Line
	if w.Func == "" || w.Run == "" {
		return &Error{Line: node.Line, Msg: "entry needs func and run (func: example.com/pkg.Func, run: example.com/pkg.Run)"}
	}
	return nil
}

// UnmarshalYAML decodes a Link entry and records its line.
func (l *Link) UnmarshalYAML(node *yaml.Node) error {
	type plain Link
	if err := node.Decode((*plain)(l)); err != nil {
		return &Error{Line: node.Line, Msg: cleanYAML(err)}
	}
	l.Line = node.Line
	if l.Func == "" {
		return &Error{Line: node.Line, Msg: "links: entry has no func"}
	}
	return nil
}

func cleanYAML(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	return strings.Join(strings.Fields(msg), " ")
}
