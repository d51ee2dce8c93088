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
// transitions). A struct elsewhere that keeps its own status of the run
// becomes a second, competing truth that drifts from the first. Outside
// the owner packages of a run type R (its package and its owner=
// patterns, PATH/... included) the analyzer reports each struct field
// into which a value read from one of R's guarded fields is stored, and
// whose type is, or holds by pointer, slice, array, map element or
// channel element, the type of that guarded field:
//
//	type Tracker struct {
//		Last oprun.Status // reported: t.Last = run.Status
//	}
//
// The value may be stored directly, through local variables, conversions
// and append, or as a function's result (also a function of another
// package: Copy facts mark the functions that return a guarded field's
// value), by an assignment to the field or to an element of it, or by a
// struct literal. The field is reported at its declaration when it is
// declared in the package that stores the copy, with the store as related
// information, and at the store otherwise ("copy of run status
// oprun.Run.Status kept in field jobs.Tracker.Last").
//
// It stays silent for:
//
//   - the owner packages of the run type: they keep its truth;
//   - a guarded value used as a map key (runs indexed by status);
//   - fields that only receive constants or parameters, such as the
//     status a request asks a transition for;
//   - a struct that does not outlive its function: built or filled in a
//     local and then only read, encoded or logged (a response, a snapshot
//     kept during one reconciliation), where returning it, storing it
//     beyond the function's locals, sending it or handing it to a store's
//     write keeps it (package fate tells);
//   - types declared inside a function, unexported types that only one
//     function uses, and anonymous structs;
//   - plain strings and other types (string(run.Status) stored in a string
//     field), and fields that hold the run itself.
//
// Values handed on as a function's parameters are not followed: a helper
// that stores its parameter is reported only where the guarded field is
// read and stored in one function or through results.
//
// With dupetruth: strict in the configuration, the analyzer reports every
// struct field of a guarded field's type (declared in one of the run's
// owner packages), whatever is stored into it: a field of any struct type
// (named, anonymous, nested, declared in a function) whose type is, or
// holds by pointer, slice, array, map key, map element or channel element,
// that type. Strict mode stays silent for fields that hold the run's ID or
// the run itself, and for named types instantiated with a guarded type
// (List[oprun.Status]).
package dupetruth

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
