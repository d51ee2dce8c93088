package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/internal/rowcodec"
)

// busyTimeout is how long a connection waits for another process's write
// lock before it gives up with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// maxConns bounds the connections of a database opened by Open: readers
// run in parallel in WAL mode, writers one at a time.
const maxConns = 8

// Open opens the SQLite database file at path, creating it if needed,
// with the settings the store relies on: write-ahead logging, synchronous
// commits (a committed transition survives a crash of the process and of
// the machine), foreign keys, and a busy timeout for writers in other
// processes. The caller closes it. Run [Migrate] before [New].
func Open(ctx context.Context, path string) (*sql.DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("sqlitestore: open %q: want the path of a database file", path)
	}
	// A file: URI, so that SQLite reads the path with any '?' or '#' in it.
	dsn := "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path) +
		fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %q: %w", path, err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("sqlitestore: open %q: %w", path, err), db.Close())
	}
	return db, nil
}

// Store is an [oprun.Store] in an SQLite database file: the embedded,
// durable store of a single node. Several processes may share the file;
// writes are serialized by SQLite's write lock, and within one Store by a
// lock of its own, so that its writers queue instead of polling for the
// file lock.
//
// Every write is one immediate transaction: a transition is a guarded
// UPDATE … WHERE id = ? AND status = ? AND version = ? RETURNING …
// followed, in the same transaction, by the inserts of its audit entries
// and outbox notifications.
type Store struct {
	db *sql.DB
	// writer holds a token while a write transaction of this Store runs.
	writer chan struct{}
	// tx, when set, is the caller's transaction that every read and
	// write of this Store runs in (see Tx).
	tx *sql.Tx
}

// queryer is what reads and writes need: a connection in a transaction
// of the Store's own, or the caller's transaction.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx returns a Store that reads and writes in the caller's transaction tx,
// begun on the Store's database: a run started, or transitioned, through
// it commits or rolls back with the caller's other writes, such as the
// domain row that caused the run and the job that works it (River's
// InsertTx on the same tx). Each write runs in a savepoint, so that a
// write that fails leaves nothing behind in tx. The caller commits or
// rolls back tx; the returned Store must not be used after that.
//
// Begin tx on [Open]'s database, whose transactions take SQLite's write
// lock when they begin (BEGIN IMMEDIATE), so that they never fail to
// upgrade a read lock.
func (s *Store) Tx(tx *sql.Tx) *Store {
	return &Store{db: s.db, writer: s.writer, tx: tx}
}

// reader returns what reads run on: the caller's transaction, or the
// database.
func (s *Store) reader() queryer {
	if s.tx != nil {
		return s.tx
	}
	return s.db
}

var _ oprun.Store = (*Store)(nil)

// New returns a Store on db, opened with [Open], whose schema must be up
// to date (see [Migrate]); otherwise the error wraps [ErrNotMigrated].
func New(ctx context.Context, db *sql.DB) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlitestore: new store: nil DB")
	}
	if err := checkSchema(ctx, db); err != nil {
		return nil, fmt.Errorf("sqlitestore: new store: %w", err)
	}
	return &Store{db: db, writer: make(chan struct{}, 1)}, nil
}

// writeError marks a violation of the CHECK constraints on a run's
// status, outcome and completion time as an illegal transition: such a
// write describes no legal state of a run.
func writeError(err error) error {
	if e, ok := errors.AsType[*sqlite.Error](err); ok && e.Code() == sqlite3.SQLITE_CONSTRAINT_CHECK {
		for _, c := range [...]string{
			"oprun_runs_status_valid",
			"oprun_runs_outcome_valid",
			"oprun_runs_outcome_matches_status",
			"oprun_runs_completed_at_matches_status",
		} {
			if strings.Contains(e.Error(), c) {
				return fmt.Errorf("%w: %w", oprun.ErrIllegalTransition, err)
			}
		}
	}
	return err
}

// write runs fn in an immediate transaction, one at a time per Store, or
// in a savepoint of the caller's transaction.
func (s *Store) write(ctx context.Context, fn func(conn queryer) error) error {
	if s.tx != nil {
		return savepoint(ctx, s.tx, fn)
	}
	select {
	case s.writer <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.writer }()
	return immediate(ctx, s.db, fn)
}

// immediate runs fn in a transaction that takes SQLite's write lock when
// it begins, so that it never fails to upgrade a read lock (BEGIN
// IMMEDIATE, whatever the DSN says). If the transaction can be neither
// committed nor rolled back, its connection is discarded.
func immediate(ctx context.Context, db *sql.DB, fn func(conn queryer) error) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := conn.Close(); cerr != nil && !errors.Is(cerr, sql.ErrConnDone) {
			err = errors.Join(err, cerr)
		}
	}()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	err = fn(conn)
	if err == nil {
		if _, cerr := conn.ExecContext(ctx, "COMMIT"); cerr != nil {
			err = fmt.Errorf("commit: %w", cerr)
		} else {
			return nil
		}
	}
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
		err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		// The connection may still be in the transaction: returning
		// ErrBadConn from Raw makes database/sql close it, not reuse it.
		if derr := conn.Raw(func(any) error { return driver.ErrBadConn }); !errors.Is(derr, driver.ErrBadConn) {
			err = errors.Join(err, derr)
		}
		return err
	}
	return err
}

// savepoint runs fn in a savepoint of tx: if fn fails, what it wrote is
// rolled back and tx goes on.
func savepoint(ctx context.Context, tx *sql.Tx, fn func(conn queryer) error) error {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT oprun_write"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(tx); err != nil {
		if _, rerr := tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO oprun_write"); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback to savepoint: %w", rerr))
		}
		if _, rerr := tx.ExecContext(context.WithoutCancel(ctx), "RELEASE oprun_write"); rerr != nil {
			return errors.Join(err, fmt.Errorf("release savepoint: %w", rerr))
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, "RELEASE oprun_write"); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// runColumns are the columns scanned by scanRun, in its order.
const runColumns = `id, type, workspace, managed_environment, target_scope, initiator,
	status, outcome, identity, attempt, parent_id, summary, context,
	reason_code, reason_message, notify, cancel_requested,
	created_at, started_at, heartbeat_at, completed_at, version`

const activeRunSQL = `SELECT ` + runColumns + ` FROM oprun_runs
WHERE workspace = ? AND type = ? AND identity = ? AND identity <> '' AND status IN ('queued', 'running')`

const insertSQL = `INSERT INTO oprun_runs (` + runColumns + `)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
RETURNING ` + runColumns

// InsertOrGetActive implements [oprun.Store].
func (s *Store) InsertOrGetActive(ctx context.Context, run *oprun.Run, effects oprun.Effects) (*oprun.Run, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("sqlitestore: insert run: %w", err)
	}
	args, err := runArgs(run)
	if err != nil {
		return nil, false, fmt.Errorf("sqlitestore: insert run %q: %w", run.ID, err)
	}
	var (
		stored  *oprun.Run
		created bool
	)
	err = s.write(ctx, func(conn queryer) error {
		if run.Identity != "" {
			r, err := scanRun(conn.QueryRowContext(ctx, activeRunSQL, run.Scope.Workspace, string(run.Type), run.Identity))
			switch {
			case err == nil:
				stored = r
				return nil
			case !errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("find active run: %w", err)
			}
		}
		var exists bool
		if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM oprun_runs WHERE id = ?)`, run.ID).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return oprun.ErrDuplicate
		}
		if run.ParentID != "" {
			var retry string
			err := conn.QueryRowContext(ctx, `SELECT id FROM oprun_runs WHERE parent_id = ?`, run.ParentID).Scan(&retry)
			switch {
			case err == nil:
				return fmt.Errorf("run %q already retried by %q: %w", run.ParentID, retry, oprun.ErrAlreadyRetried)
			case !errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("find retry of run %q: %w", run.ParentID, err)
			}
		}
		r, err := scanRun(conn.QueryRowContext(ctx, insertSQL, args...))
		if err != nil {
			return writeError(err)
		}
		if err := writeEffects(ctx, conn, effects); err != nil {
			return err
		}
		stored, created = r, true
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("sqlitestore: insert run %q: %w", run.ID, err)
	}
	return stored, created, nil
}

// Get implements [oprun.Store].
func (s *Store) Get(ctx context.Context, id string) (*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: get run: %w", err)
	}
	r, err := scanRun(s.reader().QueryRowContext(ctx, `SELECT `+runColumns+` FROM oprun_runs WHERE id = ?`, id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("sqlitestore: run %q: %w", id, oprun.ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("sqlitestore: get run %q: %w", id, err)
	}
	return r, nil
}

// GetRetry implements [oprun.Store].
func (s *Store) GetRetry(ctx context.Context, parentID string) (*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: get retry: %w", err)
	}
	r, err := scanRun(s.reader().QueryRowContext(ctx, `SELECT `+runColumns+` FROM oprun_runs WHERE parent_id = ? AND parent_id <> ''`, parentID))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("sqlitestore: retry of run %q: %w", parentID, oprun.ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("sqlitestore: get retry of run %q: %w", parentID, err)
	}
	return r, nil
}

// updateSQL is the guarded transition: it changes the run only at the
// expected status and version.
const updateSQL = `UPDATE oprun_runs SET
	status = ?, outcome = ?, context = ?, reason_code = ?, reason_message = ?,
	cancel_requested = ?, started_at = ?, heartbeat_at = ?, completed_at = ?,
	version = version + 1
WHERE id = ? AND status = ? AND version = ? AND status <> 'completed'
RETURNING ` + runColumns

// CompareAndSwap implements [oprun.Store]. When the guarded update changes
// no row, the run is read once more, in the same transaction, to tell
// why: the error is then a [*oprun.ConflictError] (matching
// [oprun.ErrConflict]) for a run at another status or version, or a
// [*oprun.TransitionError] (matching [oprun.ErrRunCompleted]) for a
// completed run.
func (s *Store) CompareAndSwap(ctx context.Context, run *oprun.Run, expectStatus oprun.Status, expectVersion int64, effects oprun.Effects) (*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: update run: %w", err)
	}
	contextJSON, err := rowcodec.EncodeContext(run.Context)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: update run %q: %w", run.ID, err)
	}
	var stored *oprun.Run
	err = s.write(ctx, func(conn queryer) error {
		r, err := scanRun(conn.QueryRowContext(ctx, updateSQL,
			string(run.Status), string(run.Outcome), contextJSON, string(run.Reason.Code), run.Reason.Message,
			run.CancelRequested, micros(run.StartedAt), micros(run.HeartbeatAt), micros(run.CompletedAt),
			run.ID, string(expectStatus), expectVersion))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return casMiss(ctx, conn, run, expectStatus, expectVersion)
		case err != nil:
			return writeError(err)
		}
		if err := writeEffects(ctx, conn, effects); err != nil {
			return err
		}
		stored = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: update run %q: %w", run.ID, err)
	}
	return stored, nil
}

// casMiss re-reads a run whose guarded update changed nothing and says why.
func casMiss(ctx context.Context, conn queryer, run *oprun.Run, expectStatus oprun.Status, expectVersion int64) error {
	var (
		status  string
		version int64
	)
	err := conn.QueryRowContext(ctx, `SELECT status, version FROM oprun_runs WHERE id = ?`, run.ID).Scan(&status, &version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return rowcodec.CASMiss(run, expectStatus, expectVersion, false, "", 0)
	case err != nil:
		return fmt.Errorf("re-read after a missed update: %w", err)
	}
	return rowcodec.CASMiss(run, expectStatus, expectVersion, true, oprun.Status(status), version)
}

// IncrementSummary implements [oprun.Store]. The counts are read and
// written back in one immediate transaction, which excludes every other
// writer of the database file.
func (s *Store) IncrementSummary(ctx context.Context, id string, deltas []oprun.SummaryDelta, expectActive bool) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlitestore: increment summary: %w", err)
	}
	err := s.write(ctx, func(conn queryer) error {
		var (
			status  string
			summary []byte
		)
		err := conn.QueryRowContext(ctx, `SELECT status, summary FROM oprun_runs WHERE id = ?`, id).Scan(&status, &summary)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return oprun.ErrNotFound
		case err != nil:
			return err
		case expectActive && oprun.Status(status) == oprun.StatusCompleted:
			return oprun.ErrRunCompleted
		}
		counts, err := rowcodec.DecodeSummary(summary)
		if err != nil {
			return err
		}
		if counts, err = rowcodec.ApplyDeltas(counts, deltas); err != nil {
			return err
		}
		encoded, err := rowcodec.EncodeSummary(counts)
		if err != nil {
			return err
		}
		_, err = conn.ExecContext(ctx, `UPDATE oprun_runs SET summary = ? WHERE id = ?`, encoded, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: increment summary of run %q: %w", id, err)
	}
	return nil
}

// ListStale implements [oprun.Store].
func (s *Store) ListStale(ctx context.Context, typ oprun.OperationType, olderThan time.Time) ([]*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: list stale runs: %w", err)
	}
	rows, err := s.reader().QueryContext(ctx, `SELECT `+runColumns+` FROM oprun_runs
WHERE type = ? AND status IN ('queued', 'running') AND coalesce(heartbeat_at, created_at) < ?
ORDER BY coalesce(heartbeat_at, created_at), id`, string(typ), olderThan.UnixMicro())
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list stale %s runs: %w", typ, err)
	}
	defer rows.Close()
	stale, err := rowcodec.Collect(rows, func() (*oprun.Run, error) { return scanRun(rows) })
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list stale %s runs: %w", typ, err)
	}
	return stale, nil
}

// pruneSQL selects the runs Prune deletes.
const pruneSQL = `SELECT id FROM oprun_runs r
WHERE status = 'completed' AND completed_at < ?
	AND NOT EXISTS (SELECT 1 FROM oprun_outbox o WHERE o.run_id = r.id AND o.delivered_at IS NULL AND o.dead_at IS NULL)`

// Prune implements [oprun.Store].
func (s *Store) Prune(ctx context.Context, cutoff time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("sqlitestore: prune: %w", err)
	}
	var n int64
	err := s.write(ctx, func(conn queryer) error {
		at := cutoff.UnixMicro()
		for _, table := range []string{"oprun_audit", "oprun_outbox"} {
			if _, err := conn.ExecContext(ctx, `DELETE FROM `+table+` WHERE run_id IN (`+pruneSQL+`)`, at); err != nil {
				return fmt.Errorf("delete from %s: %w", table, err)
			}
		}
		res, err := conn.ExecContext(ctx, `DELETE FROM oprun_runs WHERE id IN (`+pruneSQL+`)`, at)
		if err != nil {
			return fmt.Errorf("delete runs: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqlitestore: prune: %w", err)
	}
	return int(n), nil
}

// ListRuns implements [oprun.Store].
func (s *Store) ListRuns(ctx context.Context, f oprun.RunFilter) ([]*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: list runs: %w", err)
	}
	if f.Limit <= 0 {
		return nil, fmt.Errorf("sqlitestore: list runs: limit %d is not positive", f.Limit)
	}
	where := []string{"1 = 1"}
	var args []any
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		where = append(where, col+" IN (?"+strings.Repeat(", ?", len(vals)-1)+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	in("workspace", f.Workspaces)
	in("managed_environment", f.ManagedEnvironments)
	in("type", rowcodec.Strings(f.Types))
	in("status", rowcodec.Strings(f.Statuses))
	in("outcome", rowcodec.Strings(f.Outcomes))
	if !f.CreatedFrom.IsZero() {
		where, args = append(where, "created_at >= ?"), append(args, f.CreatedFrom.UnixMicro())
	}
	if !f.CreatedBefore.IsZero() {
		where, args = append(where, "created_at < ?"), append(args, f.CreatedBefore.UnixMicro())
	}
	if f.AfterID != "" {
		at := f.AfterCreated.UnixMicro()
		where, args = append(where, "(created_at < ? OR (created_at = ? AND id < ?))"), append(args, at, at, f.AfterID)
	}
	rows, err := s.reader().QueryContext(ctx, `SELECT `+runColumns+` FROM oprun_runs
WHERE `+strings.Join(where, " AND ")+`
ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list runs: %w", err)
	}
	defer rows.Close()
	out, err := rowcodec.Collect(rows, func() (*oprun.Run, error) { return scanRun(rows) })
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list runs: %w", err)
	}
	return out, nil
}

// ListAudit implements [oprun.Store].
func (s *Store) ListAudit(ctx context.Context, runID string) ([]oprun.AuditEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: list audit: %w", err)
	}
	rows, err := s.reader().QueryContext(ctx, `SELECT run_id, event, from_status, to_status, outcome, actor, reason_code, at
FROM oprun_audit WHERE run_id = ? ORDER BY seq`, runID)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list audit of run %q: %w", runID, err)
	}
	defer rows.Close()
	entries, err := rowcodec.Collect(rows, func() (oprun.AuditEntry, error) {
		var (
			a                                oprun.AuditEntry
			event, from, to, outcome, reason string
			at                               int64
		)
		if err := rows.Scan(&a.RunID, &event, &from, &to, &outcome, &a.Actor, &reason, &at); err != nil {
			return oprun.AuditEntry{}, err
		}
		a.Event, a.From, a.To = oprun.AuditEvent(event), oprun.Status(from), oprun.Status(to)
		a.Outcome, a.ReasonCode, a.At = oprun.Outcome(outcome), oprun.ReasonCode(reason), fromMicros(at)
		return a, nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list audit of run %q: %w", runID, err)
	}
	return entries, nil
}

// PendingNotifications implements [oprun.Store].
func (s *Store) PendingNotifications(ctx context.Context, now time.Time, limit int) ([]oprun.Notification, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: list pending notifications: %w", err)
	}
	if limit <= 0 {
		limit = -1 // no limit
	}
	rows, err := s.reader().QueryContext(ctx, `SELECT payload FROM oprun_outbox
WHERE delivered_at IS NULL AND dead_at IS NULL AND (leased_until IS NULL OR leased_until <= ?)
ORDER BY seq LIMIT ?`, now.UnixMicro(), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list pending notifications: %w", err)
	}
	defer rows.Close()
	out, err := rowcodec.Collect(rows, func() (oprun.Notification, error) {
		var payload []byte
		if err := rows.Scan(&payload); err != nil {
			return oprun.Notification{}, err
		}
		return rowcodec.DecodeNotification(payload)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list pending notifications: %w", err)
	}
	return out, nil
}

// ClaimNotification implements [oprun.Store].
func (s *Store) ClaimNotification(ctx context.Context, key string, now, until time.Time) (n oprun.Notification, claimed bool, err error) {
	if err := ctx.Err(); err != nil {
		return n, false, fmt.Errorf("sqlitestore: claim notification: %w", err)
	}
	var payload []byte
	err = s.write(ctx, func(conn queryer) error {
		err := conn.QueryRowContext(ctx, `UPDATE oprun_outbox SET leased_until = ?
WHERE idempotency_key = ? AND delivered_at IS NULL AND dead_at IS NULL AND (leased_until IS NULL OR leased_until <= ?)
RETURNING payload`, until.UnixMicro(), key, now.UnixMicro()).Scan(&payload)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var exists bool
		if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM oprun_outbox WHERE idempotency_key = ?)`, key).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return oprun.ErrNotFound
		}
		return nil
	})
	switch {
	case err != nil:
		return n, false, fmt.Errorf("sqlitestore: claim notification %q: %w", key, err)
	case payload == nil:
		return n, false, nil
	}
	if n, err = rowcodec.DecodeNotification(payload); err != nil {
		return n, false, fmt.Errorf("sqlitestore: claim notification %q: %w", key, err)
	}
	return n, true, nil
}

// FailNotification implements [oprun.Store].
func (s *Store) FailNotification(ctx context.Context, key string, now time.Time, policy oprun.DeliveryPolicy) (failures int, dead bool, err error) {
	if err := ctx.Err(); err != nil {
		return 0, false, fmt.Errorf("sqlitestore: fail notification: %w", err)
	}
	err = s.write(ctx, func(conn queryer) error {
		err := conn.QueryRowContext(ctx, `UPDATE oprun_outbox SET attempts = attempts + 1
WHERE idempotency_key = ? RETURNING attempts`, key).Scan(&failures)
		if errors.Is(err, sql.ErrNoRows) {
			return oprun.ErrNotFound
		} else if err != nil {
			return err
		}
		dead = failures >= policy.MaxAttempts
		if dead {
			_, err = conn.ExecContext(ctx, `UPDATE oprun_outbox SET dead_at = ? WHERE idempotency_key = ?`, now.UnixMicro(), key)
		} else {
			_, err = conn.ExecContext(ctx, `UPDATE oprun_outbox SET leased_until = ? WHERE idempotency_key = ?`, now.Add(policy.Delay(failures)).UnixMicro(), key)
		}
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("sqlitestore: fail notification %q: %w", key, err)
	}
	return failures, dead, nil
}

// MarkNotificationDelivered implements [oprun.Store]. The first delivery
// time is kept.
func (s *Store) MarkNotificationDelivered(ctx context.Context, key string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlitestore: mark notification delivered: %w", err)
	}
	err := s.write(ctx, func(conn queryer) error {
		res, err := conn.ExecContext(ctx, `UPDATE oprun_outbox SET delivered_at = coalesce(delivered_at, ?) WHERE idempotency_key = ?`, at.UnixMicro(), key)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		switch {
		case err != nil:
			return err
		case n == 0:
			return oprun.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: mark notification %q delivered: %w", key, err)
	}
	return nil
}

// writeEffects inserts the audit entries and enqueues the notifications
// of a write, in its transaction.
func writeEffects(ctx context.Context, conn queryer, e oprun.Effects) error {
	for _, a := range e.Audit {
		if _, err := conn.ExecContext(ctx, `INSERT INTO oprun_audit (run_id, event, from_status, to_status, outcome, actor, reason_code, at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.RunID, string(a.Event), string(a.From), string(a.To), string(a.Outcome), a.Actor,
			string(a.ReasonCode), a.At.UnixMicro()); err != nil {
			return fmt.Errorf("write audit entry: %w", err)
		}
	}
	for _, n := range e.Notifications {
		payload, err := rowcodec.EncodeNotification(n)
		if err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO oprun_outbox (idempotency_key, run_id, payload) VALUES (?, ?, ?)
ON CONFLICT (idempotency_key) DO NOTHING`, n.IdempotencyKey, n.RunID, payload); err != nil {
			return fmt.Errorf("enqueue notification %q: %w", n.IdempotencyKey, err)
		}
	}
	return nil
}

// runArgs returns the values of run for the columns of runColumns but
// version.
func runArgs(r *oprun.Run) ([]any, error) {
	contextJSON, err := rowcodec.EncodeContext(r.Context)
	if err != nil {
		return nil, err
	}
	summary, err := rowcodec.EncodeSummary(r.Summary)
	if err != nil {
		return nil, err
	}
	return []any{
		r.ID, string(r.Type), r.Scope.Workspace, r.Scope.ManagedEnvironment, r.Scope.TargetScope, r.Scope.Initiator,
		string(r.Status), string(r.Outcome), r.Identity, r.Attempt, r.ParentID, summary, contextJSON,
		string(r.Reason.Code), r.Reason.Message, r.Notify, r.CancelRequested,
		r.CreatedAt.UnixMicro(), micros(r.StartedAt), micros(r.HeartbeatAt), micros(r.CompletedAt),
	}, nil
}

// micros is t in microseconds since the Unix epoch, or NULL for the zero time.
func micros(t time.Time) sql.NullInt64 {
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: !t.IsZero()}
}

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func fromNullMicros(us sql.NullInt64) time.Time {
	if !us.Valid {
		return time.Time{}
	}
	return fromMicros(us.Int64)
}

// row is a *sql.Row or *sql.Rows.
type row interface {
	Scan(dest ...any) error
}

// scanRun scans the columns of runColumns into a new Run.
func scanRun(row row) (*oprun.Run, error) {
	var (
		r                                   oprun.Run
		typ, status, outcome, reasonCode    string
		summary, contextJSON                []byte
		createdAt                           int64
		startedAt, heartbeatAt, completedAt sql.NullInt64
	)
	if err := row.Scan(
		&r.ID, &typ, &r.Scope.Workspace, &r.Scope.ManagedEnvironment, &r.Scope.TargetScope, &r.Scope.Initiator,
		&status, &outcome, &r.Identity, &r.Attempt, &r.ParentID, &summary, &contextJSON,
		&reasonCode, &r.Reason.Message, &r.Notify, &r.CancelRequested,
		&createdAt, &startedAt, &heartbeatAt, &completedAt, &r.Version,
	); err != nil {
		return nil, err
	}
	var err error
	if r.Summary, err = rowcodec.DecodeSummary(summary); err != nil {
		return nil, fmt.Errorf("run %q: %w", r.ID, err)
	}
	if r.Context, err = rowcodec.DecodeContext(contextJSON); err != nil {
		return nil, fmt.Errorf("run %q: %w", r.ID, err)
	}
	r.Type, r.Status, r.Outcome, r.Reason.Code = oprun.OperationType(typ), oprun.Status(status), oprun.Outcome(outcome), oprun.ReasonCode(reasonCode)
	r.CreatedAt = fromMicros(createdAt)
	r.StartedAt, r.HeartbeatAt, r.CompletedAt = fromNullMicros(startedAt), fromNullMicros(heartbeatAt), fromNullMicros(completedAt)
	return &r, nil
}
