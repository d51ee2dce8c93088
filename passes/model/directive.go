package model

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/runtruth/runtruth/internal/textdist"
)

// Prefix starts every directive.
const Prefix = "//runtruth:"

// A target is the kind of declaration a directive annotates.
type target uint8

const (
	targetNone target = iota
	targetPackage
	targetType // named type; struct-ness is checked separately
	targetField
	targetFunc   // func without receiver
	targetMethod // func with receiver
)

func (t target) String() string {
	switch t {
	case targetPackage:
		return "a package clause"
	case targetType:
		return "a type"
	case targetField:
		return "a struct field"
	case targetFunc:
		return "a func"
	case targetMethod:
		return "a method"
	}
	return "nothing"
}

// spec describes one directive name.
type spec struct {
	targets []target
	// what describes the targets in messages.
	what string
	// args: "none", "one" (exactly one argument), "kv" (k=v lists) or "list"
	// (one comma-separated argument).
	args string
	// configOnly marks a declaration that only the configuration makes
	// (providers: exclude:); in source it is an unknown directive.
	configOnly bool
}

var specs = map[string]spec{
	"run":          {[]target{targetType}, "a named struct type", "kv", false},
	"summarykeys":  {[]target{targetType}, "a named string type", "none", false},
	"summary":      {[]target{targetFunc, targetMethod}, "a func or method", "one", false},
	"provider":     {[]target{targetFunc, targetMethod, targetType, targetPackage}, "a func, method, named type or package clause", "none", false},
	"render":       {[]target{targetFunc, targetMethod, targetType, targetPackage}, "a func, method, named type or package clause", "none", false},
	"rendercall":   {[]target{targetFunc, targetMethod}, "a func or method", "none", false},
	"secret":       {[]target{targetType, targetField, targetFunc, targetMethod}, "a named type, struct field, func or method", "none", false},
	"sink":         {[]target{targetFunc, targetMethod}, "a func or method", "list", false},
	"sanitizer":    {[]target{targetFunc, targetMethod}, "a func or method", "none", false},
	"scope":        {[]target{targetField}, "a struct field", "none", false},
	"proof":        {[]target{targetType}, "a named struct type", "none", false},
	"notification": {[]target{targetType}, "a named struct type", "none", false},
	"link":         {[]target{targetFunc}, "a func", "one", false},
	"writer":       {[]target{targetFunc, targetMethod}, "a func or method", "one", false},
	"start":        {[]target{targetFunc, targetMethod}, "a func or method", "one", false},
	"reconciler":   {[]target{targetFunc, targetMethod}, "a func or method", "one", false},
	"notprovider":  {[]target{targetFunc, targetMethod}, "a func or method", "none", true},
}

// Directive is one parsed //runtruth: line.
type Directive struct {
	Pos  token.Pos
	Name string
	Args []string
	// KV holds the k=v arguments of a "kv" directive, split at commas.
	KV map[string][]string
}

func (d *Directive) String() string {
	return Prefix + d.Name + strings.Join(append([]string{""}, d.Args...), " ")
}

// parseDirective parses the text of a line comment that starts with Prefix.
func parseDirective(pos token.Pos, text string) (*Directive, error) {
	body := strings.TrimPrefix(text, Prefix)
	fields := strings.Fields(body)
	if len(fields) == 0 || body[0] == ' ' || body[0] == '\t' {
		return nil, fmt.Errorf("directive %q has no name", strings.TrimSpace(text))
	}
	d := &Directive{Pos: pos, Name: fields[0], Args: fields[1:]}
	if d.Name == "allow" {
		return d, nil
	}
	sp, ok := specs[d.Name]
	if !ok || sp.configOnly {
		if near := textdist.Closest(d.Name, strings.Split(knownNames(), ", ")); near != "" {
			return d, fmt.Errorf("unknown directive %s%s; did you mean %s%s?", Prefix, d.Name, Prefix, near)
		}
		return d, fmt.Errorf("unknown directive %s%s (known: %s)", Prefix, d.Name, knownNames())
	}
	if err := d.parseArgs(sp); err != nil {
		return d, err
	}
	return d, nil
}

func (d *Directive) parseArgs(sp spec) error {
	switch sp.args {
	case "none":
		if len(d.Args) > 0 {
			return fmt.Errorf("%s%s takes no arguments, got %q", Prefix, d.Name, strings.Join(d.Args, " "))
		}
	case "one":
		if len(d.Args) != 1 {
			return fmt.Errorf("%s%s takes exactly one argument, got %d", Prefix, d.Name, len(d.Args))
		}
	case "list":
		if len(d.Args) != 1 {
			return fmt.Errorf("%s%s takes one comma-separated list, got %d arguments", Prefix, d.Name, len(d.Args))
		}
		seen := map[string]bool{}
		for _, p := range strings.Split(d.Args[0], ",") {
			if p == "" {
				return fmt.Errorf("%s%s has an empty name in %q", Prefix, d.Name, d.Args[0])
			}
			if seen[p] {
				return fmt.Errorf("%s%s repeats %s", Prefix, d.Name, p)
			}
			seen[p] = true
		}
	case "kv":
		d.KV = map[string][]string{}
		for _, a := range d.Args {
			k, v, ok := strings.Cut(a, "=")
			if !ok || k == "" || v == "" {
				return fmt.Errorf("%s%s argument %q is not key=value", Prefix, d.Name, a)
			}
			if _, dup := d.KV[k]; dup {
				return fmt.Errorf("%s%s repeats %s=", Prefix, d.Name, k)
			}
			vals := strings.Split(v, ",")
			seen := map[string]bool{}
			for _, x := range vals {
				if x == "" {
					return fmt.Errorf("%s%s has an empty value in %q", Prefix, d.Name, a)
				}
				if seen[x] {
					return fmt.Errorf("%s%s %s= repeats %s", Prefix, d.Name, k, x)
				}
				seen[x] = true
			}
			d.KV[k] = vals
		}
	}
	return nil
}

// knownNames lists the directive names: allow and those of specs.
func knownNames() string {
	names := []string{"allow"}
	for name, sp := range specs {
		if !sp.configOnly {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// Allow is a //runtruth:allow directive.
type Allow struct {
	Pos    token.Pos
	File   string // file name
	Line   int    // the line it suppresses
	Check  string
	Reason string
	// Err, when not nil, says why the allow is malformed; a malformed
	// allow suppresses nothing.
	Err error
}
