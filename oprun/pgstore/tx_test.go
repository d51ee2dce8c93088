package pgstore_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

// TestStartInCallerTx: a run started in the caller's transaction commits
// and rolls back with the caller's own writes.
func TestStartInCallerTx(t *testing.T) {
	ctx := t.Context()
	store, pool := newStore(t)
	catalog, err := oprun.NewCatalog(oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Minute})
	require.NoError(t, err)
	svc, err := oprun.NewService(store, catalog)
	require.NoError(t, err)
	_, err = pool.Exec(ctx, `CREATE TABLE backups (id text PRIMARY KEY, run_id text NOT NULL)`)
	require.NoError(t, err)
	req := oprun.StartRequest{
		Type: "mailbox_backup",
		Scope: oprun.Scope{
			Workspace: "contoso", ManagedEnvironment: "m365-contoso",
			TargetScope: "mailbox:alice", Initiator: "user:alice",
		},
	}
	start := func(id string) (pgx.Tx, *oprun.Run) {
		tx, err := pool.Begin(ctx)
		require.NoError(t, err)
		run, created, err := svc.WithStore(store.Tx(tx)).Start(ctx, req)
		require.NoError(t, err)
		require.True(t, created)
		_, err = tx.Exec(ctx, `INSERT INTO backups (id, run_id) VALUES ($1, $2)`, id, run.ID)
		require.NoError(t, err)
		return tx, run
	}
	countBackups := func() int {
		var n int
		require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM backups`).Scan(&n))
		return n
	}

	tx, rolledBack := start("b1")
	require.NoError(t, tx.Rollback(ctx))
	_, err = store.Get(ctx, rolledBack.ID)
	assert.ErrorIs(t, err, oprun.ErrNotFound, "a rolled-back start leaves no run")
	assert.Equal(t, 0, countBackups(), "nor a domain row")

	tx, committed := start("b2")
	require.NoError(t, tx.Commit(ctx))
	got, err := store.Get(ctx, committed.ID)
	require.NoError(t, err)
	assert.Equal(t, oprun.StatusQueued, got.Status)
	assert.Equal(t, 1, countBackups())
	audit, err := store.ListAudit(ctx, committed.ID)
	require.NoError(t, err)
	assert.Len(t, audit, 1, "the start's audit entry committed with it")
}
