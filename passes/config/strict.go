package config

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// checkKeys walks the YAML tree beside the Go type it decodes into and
// reports the first key that the type does not know, and the first value
// whose shape (mapping, sequence, scalar) is wrong, with its line.
func checkKeys(node *yaml.Node, t reflect.Type) error {
	return checkNode(node, t, 0)
}

// maxAliases bounds the aliases followed on one path through the tree: an
// alias of an anchor that holds it would never end.
const maxAliases = 16

func checkNode(node *yaml.Node, t reflect.Type, aliases int) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch node.Kind {
	case 0:
		return nil // a document of comments only
	case yaml.DocumentNode:
		for _, c := range node.Content {
			if err := checkNode(c, t, aliases); err != nil {
				return err
			}
		}
		return nil
	case yaml.AliasNode:
		// An alias (*name) stands for its anchor's value (&name), which
		// must fit here too.
		if aliases >= maxAliases || node.Alias == nil {
			return &Error{Line: node.Line, Msg: "YAML aliases nest too deeply"}
		}
		return checkNode(node.Alias, t, aliases+1)
	}
	if node.Tag == "!!null" {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if scalarStruct(t) {
			return nil // decoded by its own UnmarshalYAML from a scalar
		}
		if node.Kind != yaml.MappingNode {
			return &Error{Line: node.Line, Msg: fmt.Sprintf("expected a mapping with keys %s", strings.Join(keysOf(t), ", "))}
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
					if err := checkNode(m, t, aliases); err != nil {
						return err
					}
				}
				continue
			}
			f, ok := fields[k.Value]
			if !ok {
				return &Error{Line: k.Line, Msg: fmt.Sprintf("unknown key %q (known keys: %s)", k.Value, strings.Join(keysOf(t), ", "))}
			}
			if seen[k.Value] {
				return &Error{Line: k.Line, Msg: fmt.Sprintf("duplicate key %q", k.Value)}
			}
			seen[k.Value] = true
			if err := checkNode(v, f.Type, aliases); err != nil {
				return err
			}
		}
	case reflect.Map:
		if node.Kind != yaml.MappingNode {
			return &Error{Line: node.Line, Msg: "expected a mapping"}
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, v := node.Content[i], node.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return &Error{Line: k.Line, Msg: "expected a scalar key"}
			}
			if seen[k.Value] {
				return &Error{Line: k.Line, Msg: fmt.Sprintf("duplicate key %q", k.Value)}
			}
			seen[k.Value] = true
			if err := checkNode(v, t.Elem(), aliases); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if node.Kind != yaml.SequenceNode {
			return &Error{Line: node.Line, Msg: "expected a list"}
		}
		for _, c := range node.Content {
			if err := checkNode(c, t.Elem(), aliases); err != nil {
				return err
			}
		}
	default:
		if node.Kind != yaml.ScalarNode {
			return &Error{Line: node.Line, Msg: fmt.Sprintf("expected a %s value", t.Kind())}
		}
	}
	return nil
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

// UnmarshalYAML decodes a Writer entry and records its line.
func (w *Writer) UnmarshalYAML(node *yaml.Node) error {
	type plain Writer
	if err := node.Decode((*plain)(w)); err != nil {
		return &Error{Line: node.Line, Msg: cleanYAML(err)}
	}
	w.Line = node.Line
	if w.Func == "" || w.Run == "" {
		return &Error{Line: node.Line, Msg: "writers: entry needs func and run"}
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
