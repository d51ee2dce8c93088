// Package runscope defines an Analyzer that reports composite literals
// that leave a required ownership-scope field unset or zero.
//
// # Analyzer runscope
//
// runscope: every run is built with its full ownership scope
//
// A struct field marked //runtruth:scope (or listed under scopes: in
// .runtruth.yml) is part of a run's ownership scope: for oprun.Scope the
// workspace, managed environment, target scope and initiator. Every
// composite literal of a struct with scope fields, in any package, must set
// each of them to a non-zero value. The analyzer reports, once per literal
// and listing the fields, a literal that
//
//   - leaves a scope field out of a keyed literal (an empty literal T{}
//     leaves every scope field out), or
//   - sets a scope field, keyed or positionally, to a zero constant: "",
//     0, false, nil, a named constant or conversion with such a value, or
//     an empty composite literal T{}.
//
// A value that is not a constant (a variable, a call, a field read) is
// accepted: the analyzer cannot know it and the run's service validates it
// at run time. A literal of the outer struct that sets a scope field to an
// empty literal T{} is reported once, for the outer field, not again for
// the inner literal.
//
// The scope struct may be declared in another package: scope fields travel
// as analysis facts. Fields that are only named like scope fields
// (Workspace, Initiator) but carry no scope directive are not checked.
package runscope

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
