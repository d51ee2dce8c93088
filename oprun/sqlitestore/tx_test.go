package sqlitestore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

func backupRequest() oprun.StartRequest {
	return oprun.StartRequest{
		Type: "mailbox_backup",
		Scope: oprun.Scope{
			Workspace: "contoso", ManagedEnvironment: "m365-contoso",
			TargetScope: "mailbox:alice", Initiator: "user:alice",
		},
	}
}

func newService(t *testing.T, store oprun.Store) *oprun.Service {
	t.Helper()
	catalog, err := oprun.NewCatalog(oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Minute})
	require.NoError(t, err)
	svc, err := oprun.NewService(store, catalog)
	require.NoError(t, err)
	return svc
}

// TestStartInCallerTx: a run started in the caller's transaction commits
// and rolls back with the caller's own writes, and a write that fails in
// the transaction leaves it usable.
func TestStartInCallerTx(t *testing.T) {
	ctx := t.Context()
	store, db := newStore(t)
	svc := newService(t, store)
	_, err := db.ExecContext(ctx, `CREATE TABLE backups (id TEXT PRIMARY KEY, run_id TEXT NOT NULL)`)
	require.NoError(t, err)

	// start begins a transaction, writes the domain row and starts its
	// run in it.
	start := func(id string) (*sql.Tx, *oprun.Run) {
		tx, err := db.BeginTx(ctx, nil)
		require.NoError(t, err)
		run, created, err := svc.WithStore(store.Tx(tx)).Start(ctx, backupRequest())
		require.NoError(t, err)
		require.True(t, created)
		_, err = tx.ExecContext(ctx, `INSERT INTO backups (id, run_id) VALUES (?, ?)`, id, run.ID)
		require.NoError(t, err)
		return tx, run
	}
	countBackups := func() int {
		var n int
		require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM backups`).Scan(&n))
		return n
	}

	tx, rolledBack := start("b1")
	require.NoError(t, tx.Rollback())
	_, err = store.Get(ctx, rolledBack.ID)
	assert.ErrorIs(t, err, oprun.ErrNotFound, "a rolled-back start leaves no run")
	assert.Equal(t, 0, countBackups(), "nor a domain row")

	tx, committed := start("b2")
	// A write that fails inside the transaction: a transition from a
	// version the run never had.
	_, err = store.Tx(tx).CompareAndSwap(ctx, committed, oprun.StatusQueued, 99, oprun.Effects{})
	require.Error(t, err)
	require.NoError(t, tx.Commit(), "a failed write leaves the transaction usable")
	got, err := store.Get(ctx, committed.ID)
	require.NoError(t, err)
	assert.Equal(t, oprun.StatusQueued, got.Status)
	assert.Equal(t, 1, countBackups())
	audit, err := store.ListAudit(ctx, committed.ID)
	require.NoError(t, err)
	assert.Len(t, audit, 1, "the start's audit entry committed with it")

	// The store's own writes wait for the caller's transaction.
	tx, err = db.BeginTx(ctx, nil)
	require.NoError(t, err)
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	_, err = svc.MarkRunning(short, committed.ID)
	assert.Error(t, err, "a write beside the open transaction, which holds the write lock from its BEGIN, waits")
	require.NoError(t, tx.Rollback())
	_, err = svc.MarkRunning(ctx, committed.ID)
	require.NoError(t, err)
}
