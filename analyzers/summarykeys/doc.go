// Package summarykeys defines an Analyzer that keeps a run's summary counts
// to registered keys and flat numeric values.
//
// # Analyzer summarykeys
//
// summarykeys: summary counts use registered keys and flat numeric values
//
// A summary-key registry is a named string type K marked
// //runtruth:summarykeys (or listed under summary-keys in .runtruth.yml);
// its registered keys are exactly the constants of K declared in K's
// package (or the configured keys list). The analyzer reports:
//
//   - every constant expression of type K whose value is not a registered
//     key, including an untyped constant implicitly converted to K: a map
//     key, a call argument, an assignment, a return value, a composite
//     literal element, a switch case or a comparison operand. The empty
//     string is the zero value ("no key", as in return "", false) and is
//     reported only as a key of summary counts. The message names the
//     closest registered key when one is near: equal but for case and
//     separators (_ - . / space), or at most 2 edits away (insertions,
//     deletions, substitutions, adjacent transpositions) and at most a
//     quarter of the shorter key's length (but 1 is always near). When
//     exactly one key is closest and the key is written as a string
//     literal, a suggested fix replaces the literal with it;
//   - outside K's package, a conversion K(x) of a non-constant x, which
//     builds a dynamic summary key, and the declaration of a new constant of
//     type K, which registers nothing;
//   - at a call of a func or method marked //runtruth:summary PARAM whose
//     parameter is map[string]V: a key of the map literal passed to it that
//     is not a constant ("dynamic summary key") or whose constant value is
//     not registered in the summarykeys type of the func's package. The map
//     literal may be the argument itself or a local map variable passed as
//     the argument; then the literals assigned to the variable and its
//     index assignments (m[k] = v, m[k]++) in the variable's scope are
//     checked;
//   - at a call of any summary func whose map value type V is an interface:
//     a value whose static type is not numeric (a nested map, slice, array,
//     struct, string, bool, pointer, nil, ...). Summary counts are flat
//     numeric values. A value of interface type is not reported: its
//     dynamic type is not known.
//
// For oprun.SummaryKey the messages advise using an oprun.Summary*
// constant.
package summarykeys

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
