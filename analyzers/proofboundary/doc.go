// Package proofboundary defines an Analyzer that keeps runs, their status
// and outcome, and values derived from them out of customer-facing proof
// and evidence types.
//
// # Analyzer proofboundary
//
// proofboundary: customer-facing proof records its own evidence, never a run
// or its lifecycle
//
// A type marked //runtruth:proof (or listed under proofs: in
// .runtruth.yml) is shown to customers as proof that something happened:
// a backup's verified restore point, a captured evidence file. A run's
// status says only how the work went; proof must carry its own verified
// result and link the run by its ID. The analyzer reports:
//
//   - a field of a proof type declared in the package whose type is, or
//     holds by pointer, slice, array, map key or map element, a run type or
//     the named type of a run's guarded field (oprun.Status,
//     oprun.Outcome). Fields of anonymous structs nested in the proof type
//     are checked too; other named struct types are not looked into (they
//     are checked as proof types themselves, or by dupetruth). A guarded
//     field's type counts only when it is declared in one of the run's
//     owner packages, so a run guarding a time.Time field does not make
//     every time.Time run truth;
//   - in a composite literal of a proof type (of any package: proof types
//     travel as facts), or in an assignment to a proof type's field
//     (p.F, p.F.G, p.F[i]), a value that reads a guarded field of a run:
//     directly (run.Status, string(run.Outcome), fmt.Sprint(run.Status),
//     run.Status == done, a concatenation, a nested literal), or through
//     a local variable of the same function that is assigned such a value.
//
// Reading the run's ID (run.ID) or any other unguarded field is fine, and
// so is a struct that is not a proof type holding a run.
//
// Local variables are tracked flow-insensitively per function, closures
// included: a variable assigned a value read from a guarded field anywhere
// in the function counts as derived from it everywhere in the function,
// even after it is reassigned a clean value. Tracking is not
// field-sensitive: writing a guarded value into x.F does not mark x, and
// reading x.G of a marked struct x is not taken as a read of the run.
package proofboundary

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
