package oprun_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

type move struct {
	from, to oprun.Status
	outcome  oprun.Outcome
}

// legalMoves is the lifecycle, written out independently of the table.
func legalMoves() map[move]bool {
	return map[move]bool{
		{oprun.StatusQueued, oprun.StatusRunning, oprun.OutcomePending}:               true,
		{oprun.StatusQueued, oprun.StatusCompleted, oprun.OutcomeCancelled}:           true,
		{oprun.StatusQueued, oprun.StatusCompleted, oprun.OutcomeBlocked}:             true,
		{oprun.StatusRunning, oprun.StatusCompleted, oprun.OutcomeSucceeded}:          true,
		{oprun.StatusRunning, oprun.StatusCompleted, oprun.OutcomePartiallySucceeded}: true,
		{oprun.StatusRunning, oprun.StatusCompleted, oprun.OutcomeFailed}:             true,
		{oprun.StatusRunning, oprun.StatusCompleted, oprun.OutcomeBlocked}:            true,
		{oprun.StatusRunning, oprun.StatusCompleted, oprun.OutcomeCancelled}:          true,
	}
}

// allMoves is every (from, to, outcome) combination.
func allMoves() []move {
	var moves []move
	for _, from := range oprun.Statuses() {
		for _, to := range oprun.Statuses() {
			for _, o := range oprun.Outcomes() {
				moves = append(moves, move{from, to, o})
			}
		}
	}
	return moves
}

func TestCheckTransition(t *testing.T) {
	legal := legalMoves()
	moves := allMoves()
	require.Len(t, moves, 3*3*6)
	for _, m := range moves {
		t.Run(fmt.Sprintf("%s to %s %s", m.from, m.to, m.outcome), func(t *testing.T) {
			err := oprun.CheckTransition(m.from, m.to, m.outcome)
			if legal[m] {
				assert.NoError(t, err)
				return
			}
			var te *oprun.TransitionError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, oprun.TransitionError{From: m.from, To: m.to, Outcome: m.outcome}, *te)
			assert.ErrorIs(t, err, oprun.ErrIllegalTransition)
			assert.Equal(t, m.from == oprun.StatusCompleted, errors.Is(err, oprun.ErrRunCompleted))
			assert.Contains(t, err.Error(), fmt.Sprintf("from %s to %s", m.from, m.to))
		})
	}
}

func TestTransitionsTable(t *testing.T) {
	var fromTable []move
	for _, tr := range oprun.Transitions() {
		for _, o := range tr.Outcomes {
			fromTable = append(fromTable, move{tr.From, tr.To, o})
		}
	}
	var want []move
	for m := range legalMoves() {
		want = append(want, m)
	}
	assert.ElementsMatch(t, want, fromTable)

	// The result is a copy.
	tbl := oprun.Transitions()
	tbl[0].Outcomes[0] = oprun.OutcomeFailed
	tbl[0].From = oprun.StatusCompleted
	assert.NoError(t, oprun.CheckTransition(oprun.StatusQueued, oprun.StatusRunning, oprun.OutcomePending))
	assert.Equal(t, oprun.OutcomePending, oprun.Transitions()[0].Outcomes[0])
}

func TestStatusAndOutcomePredicates(t *testing.T) {
	assert.True(t, oprun.StatusQueued.Active())
	assert.True(t, oprun.StatusRunning.Active())
	assert.False(t, oprun.StatusCompleted.Active())
	assert.False(t, oprun.Status("paused").Valid())
	for _, s := range oprun.Statuses() {
		assert.True(t, s.Valid(), s)
	}
	for _, o := range oprun.Outcomes() {
		assert.True(t, o.Valid(), o)
		assert.Equal(t, o != oprun.OutcomePending, o.Terminal(), o)
	}
	assert.False(t, oprun.Outcome("done").Valid())
}

// TestServiceTransitions drives every (from, to, outcome) combination that
// the Service can be asked for through its methods, and checks that it
// obeys the table: legal moves happen, illegal ones change nothing.
func TestServiceTransitions(t *testing.T) {
	legal := legalMoves()
	for _, m := range allMoves() {
		if m.to == oprun.StatusQueued {
			continue // nothing moves a run to queued; covered by TestCheckTransition
		}
		if m.to == oprun.StatusRunning && m.outcome != oprun.OutcomePending {
			continue // MarkRunning asks for no outcome
		}
		t.Run(fmt.Sprintf("%s to %s %s", m.from, m.to, m.outcome), func(t *testing.T) {
			f := newFixture(t)
			ctx := t.Context()
			r := f.start(t, typeSync, "", false)
			switch m.from {
			case oprun.StatusRunning:
				_, err := f.svc.MarkRunning(ctx, r.ID)
				require.NoError(t, err)
			case oprun.StatusCompleted:
				_, err := f.svc.Complete(ctx, r.ID, oprun.OutcomeCancelled, oprun.Reason{})
				require.NoError(t, err)
			}
			before := f.get(t, r.ID)
			require.Equal(t, m.from, before.Status)

			var (
				got *oprun.Run
				err error
			)
			if m.to == oprun.StatusRunning {
				got, err = f.svc.MarkRunning(ctx, r.ID)
			} else {
				got, err = f.svc.Complete(ctx, r.ID, m.outcome, oprun.Reason{Code: oprun.ReasonInternal})
			}

			switch {
			case legal[m]:
				require.NoError(t, err)
				assert.Equal(t, m.to, got.Status)
				assert.Equal(t, m.outcome, got.Outcome)
				assert.Equal(t, before.Version+1, got.Version)
			case m.outcome == oprun.OutcomePending && m.to == oprun.StatusCompleted:
				assert.ErrorIs(t, err, oprun.ErrInvalidOutcome)
			default:
				var te *oprun.TransitionError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, m.from, te.From)
				assert.Equal(t, m.to, te.To)
				assert.Equal(t, m.from == oprun.StatusCompleted, errors.Is(err, oprun.ErrRunCompleted))
			}
			if !legal[m] {
				assert.Equal(t, before, f.get(t, r.ID), "an illegal transition changes nothing")
			}
		})
	}
}
