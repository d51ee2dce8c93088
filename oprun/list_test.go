package oprun_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

func TestList(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	svc := newExampleService(&now)
	start := func(workspace, env string) *oprun.Run {
		t.Helper()
		now = now.Add(time.Minute)
		r, _, err := svc.Start(ctx, oprun.StartRequest{
			Type:  "mailbox_backup",
			Scope: oprun.Scope{Workspace: workspace, ManagedEnvironment: env, TargetScope: "mailbox:alice", Initiator: "user:alice"},
		})
		require.NoError(t, err)
		return r
	}
	a1 := start("contoso", "m365-contoso")
	b1 := start("fabrikam", "m365-fabrikam")
	a2 := start("contoso", "m365-other")
	a3 := start("contoso", "m365-contoso")
	_, err := svc.MarkRunning(ctx, a3.ID)
	require.NoError(t, err)

	ids := func(p *oprun.Page) []string {
		var out []string
		for _, r := range p.Runs {
			out = append(out, r.ID)
		}
		return out
	}
	list := func(actor oprun.Actor, req oprun.ListRequest) *oprun.Page {
		t.Helper()
		p, err := svc.List(ctx, actor, req)
		require.NoError(t, err)
		return p
	}
	contoso := oprun.Actor{ID: "user:ops", Workspaces: []string{"contoso"}}
	assert.Equal(t, []string{a3.ID, a2.ID, a1.ID}, ids(list(contoso, oprun.ListRequest{})), "the actor's workspace, newest first")
	assert.Empty(t, ids(list(contoso, oprun.ListRequest{Workspace: "fabrikam"})), "another workspace lists nothing")
	assert.Empty(t, ids(list(oprun.Actor{Workspaces: []string{"contoso"}}, oprun.ListRequest{})), "an actor without an ID sees nothing")
	narrowed := oprun.Actor{ID: "user:env", Workspaces: []string{"contoso"}, ManagedEnvironments: []string{"m365-contoso"}}
	assert.Equal(t, []string{a3.ID, a1.ID}, ids(list(narrowed, oprun.ListRequest{})), "an actor narrowed to managed environments")
	assert.Empty(t, ids(list(narrowed, oprun.ListRequest{ManagedEnvironment: "m365-other"})))
	assert.Equal(t, []string{a3.ID}, ids(list(contoso, oprun.ListRequest{Status: oprun.StatusRunning})))
	both := oprun.Actor{ID: "user:both", Workspaces: []string{"contoso", "fabrikam"}}
	assert.Equal(t, []string{b1.ID}, ids(list(both, oprun.ListRequest{Workspace: "fabrikam"})))

	// Pages of two: the cursor continues, and the last page has none.
	first := list(both, oprun.ListRequest{Limit: 2})
	assert.Equal(t, []string{a3.ID, a2.ID}, ids(first))
	require.NotEmpty(t, first.Next)
	second := list(both, oprun.ListRequest{Limit: 2, Cursor: first.Next})
	assert.Equal(t, []string{b1.ID, a1.ID}, ids(second))
	assert.Empty(t, second.Next)

	_, err = svc.List(ctx, both, oprun.ListRequest{Cursor: "not a cursor"})
	assert.ErrorIs(t, err, oprun.ErrBadCursor)
	_, err = svc.List(ctx, both, oprun.ListRequest{Limit: oprun.MaxListLimit + 1})
	assert.Error(t, err)
}

func TestPrune(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	svc := newExampleService(&now)
	r, _, err := svc.Start(ctx, oprun.StartRequest{
		Type:  "mailbox_backup",
		Scope: oprun.Scope{Workspace: "contoso", ManagedEnvironment: "m365-contoso", TargetScope: "mailbox:alice", Initiator: "user:alice"},
	})
	require.NoError(t, err)
	_, err = svc.MarkRunning(ctx, r.ID)
	require.NoError(t, err)
	_, err = svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)

	n, err := svc.Prune(ctx, time.Hour)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "completed within the retention")
	now = now.Add(2 * time.Hour)
	n, err = svc.Prune(ctx, time.Hour)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, err = svc.Get(ctx, oprun.Actor{ID: "user:ops", Workspaces: []string{"contoso"}}, r.ID)
	assert.ErrorIs(t, err, oprun.ErrNotFound)
	_, err = svc.Prune(ctx, 0)
	assert.Error(t, err, "no retention")
}

// TestDeliveryFailures: a failed delivery is retried after its backoff
// and dead after the policy's attempts.
func TestDeliveryFailures(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	calls := 0
	svc := newExampleService(&now,
		oprun.WithNotifier(oprun.NotifierFunc(func(context.Context, oprun.Notification) error {
			calls++
			return errors.New("webhook: 502")
		})),
		oprun.WithDeliveryPolicy(oprun.DeliveryPolicy{MaxAttempts: 2, Backoff: time.Second, MaxBackoff: time.Second}))
	r, _, err := svc.Start(ctx, oprun.StartRequest{
		Type:   "mailbox_backup",
		Scope:  oprun.Scope{Workspace: "contoso", ManagedEnvironment: "m365-contoso", TargetScope: "mailbox:alice", Initiator: "user:alice"},
		Notify: true,
	})
	require.NoError(t, err)
	_, err = svc.MarkRunning(ctx, r.ID)
	require.NoError(t, err)
	_, err = svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)
	assert.Equal(t, 1, calls, "the completion tries once")

	n, err := svc.DeliverPending(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "waiting out the backoff")
	assert.Equal(t, 1, calls)

	now = now.Add(time.Second)
	_, err = svc.DeliverPending(ctx)
	assert.ErrorContains(t, err, "dead after 2 failed deliveries")
	assert.Equal(t, 2, calls)

	now = now.Add(time.Hour)
	n, err = svc.DeliverPending(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "a dead notification is not delivered again")
	assert.Equal(t, 2, calls)

	_, err = oprun.NewService(oprun.NewMemoryStore(), mustCatalog(t), oprun.WithDeliveryPolicy(oprun.DeliveryPolicy{}))
	assert.Error(t, err, "a policy without attempts")
}

func mustCatalog(t *testing.T) *oprun.Catalog {
	t.Helper()
	c, err := oprun.NewCatalog(oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Minute})
	require.NoError(t, err)
	return c
}
