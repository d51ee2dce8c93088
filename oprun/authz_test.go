package oprun_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

// TestOtherWorkspacesSeeNothing checks that every read and operator action
// on a run outside the actor's reach fails exactly as for a missing run.
func TestOtherWorkspacesSeeNothing(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	queued := f.start(t, typeSync, "", false)
	failed := f.running(t, typeSync, false)
	_, err := f.svc.Fail(ctx, failed.ID, oprun.Reason{Code: oprun.ReasonInternal})
	require.NoError(t, err)

	otherEnv := operator()
	otherEnv.ManagedEnvironments = []string{"tenant-fabrikam"}
	noID := operator()
	noID.ID = ""
	actors := map[string]oprun.Actor{
		"other workspace":           stranger(),
		"other managed environment": otherEnv,
		"no workspaces":             {ID: "op-3", Operator: true},
		"no id":                     noID,
	}
	calls := map[string]func(a oprun.Actor, id string) error{
		"Get": func(a oprun.Actor, id string) error {
			_, err := f.svc.Get(ctx, a, id)
			return err
		},
		"Audit": func(a oprun.Actor, id string) error {
			_, err := f.svc.Audit(ctx, a, id)
			return err
		},
		"Actions": func(a oprun.Actor, id string) error {
			_, err := f.svc.Actions(ctx, a, id)
			return err
		},
		"Cancel": func(a oprun.Actor, id string) error {
			_, err := f.svc.Cancel(ctx, a, id)
			return err
		},
		"Retry": func(a oprun.Actor, id string) error {
			_, err := f.svc.Retry(ctx, a, id)
			return err
		},
	}
	for actorName, actor := range actors {
		for callName, call := range calls {
			for _, id := range []string{queued.ID, failed.ID} {
				t.Run(actorName+"/"+callName+"/"+id, func(t *testing.T) {
					err := call(actor, id)
					require.ErrorIs(t, err, oprun.ErrNotFound)
					assert.NotErrorIs(t, err, oprun.ErrForbidden)

					// Indistinguishable from a run that does not exist.
					missing := call(actor, "run-404")
					require.ErrorIs(t, missing, oprun.ErrNotFound)
					assert.Equal(t, strings.ReplaceAll(missing.Error(), "run-404", id), err.Error())
				})
			}
		}
	}

	// Nothing changed.
	assert.Equal(t, oprun.StatusQueued, f.get(t, queued.ID).Status)
	_, err = f.store.GetRetry(ctx, failed.ID)
	assert.ErrorIs(t, err, oprun.ErrNotFound, "no retry was created")
}

func TestActorScope(t *testing.T) {
	s := scope("ws-1")
	assert.True(t, operator().CanSee(s))
	assert.True(t, viewer().CanSee(s))
	assert.False(t, stranger().CanSee(s))

	multi := oprun.Actor{ID: "a", Workspaces: []string{"ws-2", "ws-1"}, ManagedEnvironments: []string{"tenant-contoso"}}
	assert.True(t, multi.CanSee(s))
	multi.ManagedEnvironments = []string{"tenant-fabrikam"}
	assert.False(t, multi.CanSee(s))
	assert.False(t, oprun.Actor{Workspaces: []string{"ws-1"}}.CanSee(s), "an actor needs an ID")
}
