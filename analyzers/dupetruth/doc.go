// Package dupetruth defines an Analyzer that reports structs keeping their
// own copy of a run's status or outcome outside the run's owner packages.
//
// # Analyzer dupetruth
//
// dupetruth: no struct outside a run's owners keeps its own copy of the run's
// status or outcome
//
// An operation run's status and outcome live in the run record and change
// only through its owner (for oprun.Run, the (*oprun.Service)
// transitions). A struct elsewhere that stores its own status of the run
// becomes a second, competing truth that drifts from the first. Outside
// the owner packages of a run type R (its package and its owner=
// patterns, PATH/... included) the analyzer reports each struct field,
// of any struct type (named, anonymous, nested, declared in a function),
// whose type is, or holds by pointer, slice, array, map key, map element or
// channel element, the named type of one of R's guarded fields (the type of
// oprun.Run.Status is oprun.Status).
//
// It stays silent for:
//
//   - the owner packages of every run type that guards a field of the type;
//   - fields of other named types, even when called Status, and plain
//     strings: a guarded field's type counts only when it is declared in
//     one of the run's owner packages, so a run guarding a time.Time field
//     does not make every time.Time a copy of run truth;
//   - fields that hold the run's ID, or the run itself: a field of type R,
//     or R embedded, is the run and not a copy of its status;
//   - named types instantiated with a guarded type (List[oprun.Status]):
//     type arguments are not looked into.
package dupetruth

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
