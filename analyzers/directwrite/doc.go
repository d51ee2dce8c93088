// Package directwrite defines an Analyzer that reports writes of a run's
// lifecycle-guarded fields outside the run type's owner packages.
//
// # Analyzer directwrite
//
// directwrite: a run's status and outcome are written only by its owner
//
// An operation run's lifecycle fields (by default Status and Outcome of a
// type marked //runtruth:run) may be written only in the run type's own
// package and the packages its owner= list names. Everywhere else the
// analyzer reports:
//
//   - an assignment, op-assignment, ++ or -- whose target is a guarded
//     field, reached through pointers, embedding or slice, array and map
//     elements;
//   - taking the address of a guarded field, explicitly or by calling a
//     pointer method on it;
//   - a composite literal of the run type that sets a guarded field, keyed
//     or positional.
//
// Reading a guarded field, and building a run without guarded fields, is
// fine. For oprun.Run the diagnostic names the (*oprun.Service)
// transition to use instead.
package directwrite

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
