// Package use stores runs' statuses into fields of its own and of another
// package.
package use

import (
	"copies"

	"github.com/runtruth/runtruth/oprun"
)

// Board shows runs.
type Board struct {
	Outcome oprun.Outcome // want `^field Board.Outcome keeps its own copy of run outcome oprun.Run.Outcome`
}

// Fill stores what a function of another package returns (its fact).
func Fill(b *Board, r *oprun.Run) { b.Outcome = copies.OutcomeOf(r) }

// Into stores into another package's field: reported at the copy.
func Into(t *copies.Tracker, r *oprun.Run) {
	t.Last = r.Status // want `^copy of run status oprun.Run.Status kept in field copies.Tracker.Last \(competing run truth\)`
}
