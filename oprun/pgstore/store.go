package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/internal/rowcodec"
)

// DB is what a [Store] needs of PostgreSQL. A [*pgxpool.Pool] implements
// it and is the one to use: the Store must be safe for concurrent use.
//
// [*pgxpool.Pool]: https://pkg.go.dev/github.com/jackc/pgx/v5/pgxpool#Pool
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Store is an [oprun.Store] in PostgreSQL, for many workers on many
// machines sharing one database. Every write is one SQL statement: a
// transition is a guarded UPDATE whose audit entries and outbox
// notifications are inserted by the same statement.
type Store struct {
	db DB
}

var _ oprun.Store = (*Store)(nil)

// New returns a Store on db, whose schema must be up to date (see
// [Migrate]); otherwise the error wraps [ErrNotMigrated].
func New(ctx context.Context, db DB) (*Store, error) {
	if db == nil {
		return nil, errors.New("pgstore: new store: nil DB")
	}
	if err := checkSchema(ctx, db); err != nil {
		return nil, fmt.Errorf("pgstore: new store: %w", err)
	}
	return &Store{db: db}, nil
}

// Tx returns a Store that reads and writes in the caller's transaction tx
// (a pgx.Tx of the Store's database): a run started, or transitioned,
// through it commits or rolls back with the caller's other writes, such as
// the domain row that caused the run and the job that works it (River's
// InsertTx on the same tx). Each write is one statement; as with every
// error in a PostgreSQL transaction, a write that fails (ErrDuplicate
// included) aborts tx, and the caller rolls it back. The returned Store
// must not be used after tx ends.
func (s *Store) Tx(tx pgx.Tx) *Store {
	return &Store{db: tx}
}

// PostgreSQL error codes the store handles.
const (
	codeUniqueViolation  = "23505"
	codeCheckViolation   = "23514"
	codeNumericRange     = "22003"
	constraintPrimaryKey = "oprun_runs_pkey"
	constraintOneRetry   = "oprun_runs_one_retry"
)

// consistencyConstraint reports whether name is one of the CHECK
// constraints on a run's status, outcome and completion time: a write
// that violates one describes no legal state of a run.
func consistencyConstraint(name string) bool {
	switch name {
	case "oprun_runs_status_valid", "oprun_runs_outcome_valid",
		"oprun_runs_outcome_matches_status", "oprun_runs_completed_at_matches_status":
		return true
	}
	return false
}

// maxInsertAttempts bounds how often InsertOrGetActive runs its statement
// when it neither inserts nor finds a run: the active run with the same
// identity was committed after the statement's snapshot, or completed
// meanwhile.
const maxInsertAttempts = 10

// runColumns are the columns scanned by scanRun, in its order.
const runColumns = `id, type, workspace, managed_environment, target_scope, initiator,
	status, outcome, identity, attempt, parent_id, summary, context,
	reason_code, reason_message, notify, cancel_requested,
	created_at, started_at, heartbeat_at, completed_at, version`

// effectsCTEs are the common table expressions that write effects when the
// CTE named written, which writes the run, returned a row. Audit entries
// keep their order; a notification whose idempotency key is in the outbox
// already is dropped.
const effectsCTEs = `audit AS (
	INSERT INTO oprun_audit (run_id, event, from_status, to_status, outcome, actor, reason_code, at)
	SELECT a.run_id, a.event, a.from_status, a.to_status, a.outcome, a.actor, a.reason_code, a.at
	FROM unnest(@audit_run_id::text[], @audit_event::text[], @audit_from::text[], @audit_to::text[],
		@audit_outcome::text[], @audit_actor::text[], @audit_reason::text[], @audit_at::timestamptz[])
		WITH ORDINALITY AS a(run_id, event, from_status, to_status, outcome, actor, reason_code, at, ord)
	WHERE EXISTS (SELECT FROM written)
	ORDER BY a.ord
), outbox AS (
	INSERT INTO oprun_outbox (idempotency_key, run_id, payload)
	SELECT n.key, n.run_id, n.payload::jsonb
	FROM unnest(@outbox_key::text[], @outbox_run_id::text[], @outbox_payload::text[])
		WITH ORDINALITY AS n(key, run_id, payload, ord)
	WHERE EXISTS (SELECT FROM written)
	ORDER BY n.ord
	ON CONFLICT (idempotency_key) DO NOTHING
)`

// insertSQL inserts a run unless an active run has its identity, writes
// the effects of an insert, and returns either the new run with true or
// the active run with false, in one statement. It returns no row when the
// conflicting run is not visible to the statement's snapshot; the caller
// runs it again.
const insertSQL = `WITH written AS (
	INSERT INTO oprun_runs (id, type, workspace, managed_environment, target_scope, initiator,
		status, outcome, identity, attempt, parent_id, summary, context,
		reason_code, reason_message, notify, cancel_requested,
		created_at, started_at, heartbeat_at, completed_at, version)
	VALUES (@id, @type, @workspace, @managed_environment, @target_scope, @initiator,
		@status, @outcome, @identity, @attempt, @parent_id, @summary::jsonb, @context::jsonb,
		@reason_code, @reason_message, @notify, @cancel_requested,
		@created_at, @started_at, @heartbeat_at, @completed_at, 1)
	ON CONFLICT (workspace, type, identity) WHERE status IN ('queued', 'running') AND identity <> ''
	DO NOTHING
	RETURNING ` + runColumns + `
), ` + effectsCTEs + `
SELECT true, ` + runColumns + ` FROM written
UNION ALL
SELECT false, ` + runColumns + ` FROM oprun_runs
WHERE workspace = @workspace AND type = @type AND identity = @identity AND identity <> ''
	AND status IN ('queued', 'running') AND NOT EXISTS (SELECT FROM written)`

// InsertOrGetActive implements [oprun.Store].
func (s *Store) InsertOrGetActive(ctx context.Context, run *oprun.Run, effects oprun.Effects) (*oprun.Run, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("pgstore: insert run: %w", err)
	}
	args, err := runArgs(run)
	if err != nil {
		return nil, false, fmt.Errorf("pgstore: insert run %q: %w", run.ID, err)
	}
	if err := addEffectArgs(args, effects); err != nil {
		return nil, false, fmt.Errorf("pgstore: insert run %q: %w", run.ID, err)
	}
	for range maxInsertAttempts {
		var created bool
		stored, err := scanRun(s.db.QueryRow(ctx, insertSQL, args), &created)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			continue
		case err != nil:
			return nil, false, fmt.Errorf("pgstore: insert run %q: %w", run.ID, insertError(err))
		}
		return stored, created, nil
	}
	return nil, false, fmt.Errorf("pgstore: insert run %q: identity %q kept changing over %d attempts: %w",
		run.ID, run.Identity, maxInsertAttempts, oprun.ErrConflict)
}

func insertError(err error) error {
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	switch {
	case !ok:
		return err
	case pgErr.Code == codeUniqueViolation && pgErr.ConstraintName == constraintPrimaryKey:
		return fmt.Errorf("%w: %w", oprun.ErrDuplicate, err)
	case pgErr.Code == codeUniqueViolation && pgErr.ConstraintName == constraintOneRetry:
		return fmt.Errorf("%w: %w", oprun.ErrAlreadyRetried, err)
	}
	return writeError(err)
}

// writeError marks a violation of the status and outcome constraints as
// an illegal transition.
func writeError(err error) error {
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == codeCheckViolation && consistencyConstraint(pgErr.ConstraintName) {
		return fmt.Errorf("%w: %w", oprun.ErrIllegalTransition, err)
	}
	return err
}

// Get implements [oprun.Store].
func (s *Store) Get(ctx context.Context, id string) (*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: get run: %w", err)
	}
	r, err := scanRun(s.db.QueryRow(ctx, `SELECT `+runColumns+` FROM oprun_runs WHERE id = $1`, id))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, fmt.Errorf("pgstore: run %q: %w", id, oprun.ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("pgstore: get run %q: %w", id, err)
	}
	return r, nil
}

// GetRetry implements [oprun.Store].
func (s *Store) GetRetry(ctx context.Context, parentID string) (*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: get retry: %w", err)
	}
	r, err := scanRun(s.db.QueryRow(ctx, `SELECT `+runColumns+` FROM oprun_runs WHERE parent_id = $1 AND parent_id <> ''`, parentID))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, fmt.Errorf("pgstore: retry of run %q: %w", parentID, oprun.ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("pgstore: get retry of run %q: %w", parentID, err)
	}
	return r, nil
}

// updateSQL is the guarded transition: it changes the run only at the
// expected status and version, and writes the effects in the same
// statement.
const updateSQL = `WITH written AS (
	UPDATE oprun_runs SET
		status = @status, outcome = @outcome, context = @context::jsonb,
		reason_code = @reason_code, reason_message = @reason_message,
		cancel_requested = @cancel_requested, started_at = @started_at,
		heartbeat_at = @heartbeat_at, completed_at = @completed_at,
		version = version + 1
	WHERE id = @id AND status = @expect_status AND version = @expect_version
		AND status <> 'completed'
	RETURNING ` + runColumns + `
), ` + effectsCTEs + `
SELECT ` + runColumns + ` FROM written`

// CompareAndSwap implements [oprun.Store]. When the guarded update changes
// no row, the run is read once more to tell why: the error is then a
// [*oprun.ConflictError] (matching [oprun.ErrConflict]) for a run at
// another status or version, or a [*oprun.TransitionError] (matching
// [oprun.ErrRunCompleted]) for a completed run.
func (s *Store) CompareAndSwap(ctx context.Context, run *oprun.Run, expectStatus oprun.Status, expectVersion int64, effects oprun.Effects) (*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: update run: %w", err)
	}
	args, err := runArgs(run)
	if err != nil {
		return nil, fmt.Errorf("pgstore: update run %q: %w", run.ID, err)
	}
	if err := addEffectArgs(args, effects); err != nil {
		return nil, fmt.Errorf("pgstore: update run %q: %w", run.ID, err)
	}
	args["expect_status"] = string(expectStatus)
	args["expect_version"] = expectVersion
	stored, err := scanRun(s.db.QueryRow(ctx, updateSQL, args))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, fmt.Errorf("pgstore: update run %q: %w", run.ID, s.casMiss(ctx, run, expectStatus, expectVersion))
	case err != nil:
		return nil, fmt.Errorf("pgstore: update run %q: %w", run.ID, writeError(err))
	}
	return stored, nil
}

// casMiss re-reads a run whose guarded update changed nothing and says why.
func (s *Store) casMiss(ctx context.Context, run *oprun.Run, expectStatus oprun.Status, expectVersion int64) error {
	var (
		status  string
		version int64
	)
	err := s.db.QueryRow(ctx, `SELECT status, version FROM oprun_runs WHERE id = $1`, run.ID).Scan(&status, &version)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return rowcodec.CASMiss(run, expectStatus, expectVersion, false, "", 0)
	case err != nil:
		return fmt.Errorf("re-read after a missed update: %w", err)
	}
	return rowcodec.CASMiss(run, expectStatus, expectVersion, true, oprun.Status(status), version)
}

// incrementSQL adds deltas to the summary counts in one statement; the
// row lock of the UPDATE orders it with transitions, and PostgreSQL
// re-evaluates the sums on the newest version of the row, so concurrent
// increments are never lost. A sum beyond bigint fails the statement.
const incrementSQL = `WITH cur AS (
	SELECT status FROM oprun_runs WHERE id = @id
), upd AS (
	UPDATE oprun_runs r SET summary = r.summary || COALESCE((
		SELECT jsonb_object_agg(d.key, COALESCE((r.summary ->> d.key)::bigint, 0) + d.delta)
		FROM unnest(@keys::text[], @deltas::bigint[]) AS d(key, delta)
	), '{}'::jsonb)
	WHERE r.id = @id AND (NOT @expect_active OR r.status <> 'completed')
	RETURNING 1
)
SELECT (SELECT status FROM cur), EXISTS (SELECT FROM upd)`

// IncrementSummary implements [oprun.Store].
func (s *Store) IncrementSummary(ctx context.Context, id string, deltas []oprun.SummaryDelta, expectActive bool) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("pgstore: increment summary: %w", err)
	}
	merged, err := rowcodec.MergeDeltas(deltas)
	if err != nil {
		return fmt.Errorf("pgstore: increment summary of run %q: %w", id, err)
	}
	keys := make([]string, len(merged))
	values := make([]int64, len(merged))
	for i, d := range merged {
		keys[i], values[i] = string(d.Key), d.Delta
	}
	var (
		status  *string
		updated bool
	)
	err = s.db.QueryRow(ctx, incrementSQL, pgx.NamedArgs{
		"id": id, "keys": keys, "deltas": values, "expect_active": expectActive,
	}).Scan(&status, &updated)
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == codeNumericRange {
		return fmt.Errorf("pgstore: increment summary of run %q: count overflows: %w: %w", id, oprun.ErrInvalidDelta, err)
	}
	switch {
	case err != nil:
		return fmt.Errorf("pgstore: increment summary of run %q: %w", id, err)
	case updated:
		return nil
	case status == nil:
		return fmt.Errorf("pgstore: run %q: %w", id, oprun.ErrNotFound)
	}
	// The run was seen, but the update's recheck found it completed.
	return fmt.Errorf("pgstore: increment summary of run %q: %w", id, oprun.ErrRunCompleted)
}

// ListStale implements [oprun.Store].
func (s *Store) ListStale(ctx context.Context, typ oprun.OperationType, olderThan time.Time) ([]*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: list stale runs: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT `+runColumns+` FROM oprun_runs
WHERE type = $1 AND status IN ('queued', 'running') AND COALESCE(heartbeat_at, created_at) < $2
ORDER BY COALESCE(heartbeat_at, created_at), id`, string(typ), olderThan)
	if err != nil {
		return nil, fmt.Errorf("pgstore: list stale %s runs: %w", typ, err)
	}
	defer rows.Close()
	stale, err := rowcodec.Collect(rows, func() (*oprun.Run, error) { return scanRun(rows) })
	if err != nil {
		return nil, fmt.Errorf("pgstore: list stale %s runs: %w", typ, err)
	}
	return stale, nil
}

// Prune implements [oprun.Store]: one statement.
func (s *Store) Prune(ctx context.Context, cutoff time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("pgstore: prune: %w", err)
	}
	var n int
	err := s.db.QueryRow(ctx, `WITH doomed AS (
	SELECT id FROM oprun_runs r
	WHERE status = 'completed' AND completed_at < $1
		AND NOT EXISTS (SELECT FROM oprun_outbox o WHERE o.run_id = r.id AND o.delivered_at IS NULL AND o.dead_at IS NULL)
	FOR UPDATE SKIP LOCKED
), audit AS (
	DELETE FROM oprun_audit WHERE run_id IN (SELECT id FROM doomed)
), outbox AS (
	DELETE FROM oprun_outbox WHERE run_id IN (SELECT id FROM doomed)
), runs AS (
	DELETE FROM oprun_runs WHERE id IN (SELECT id FROM doomed) RETURNING 1
)
SELECT count(*) FROM runs`, cutoff).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("pgstore: prune: %w", err)
	}
	return n, nil
}

// ListRuns implements [oprun.Store].
func (s *Store) ListRuns(ctx context.Context, f oprun.RunFilter) ([]*oprun.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: list runs: %w", err)
	}
	if f.Limit <= 0 {
		return nil, fmt.Errorf("pgstore: list runs: limit %d is not positive", f.Limit)
	}
	where := []string{"true"}
	args := pgx.NamedArgs{"limit": f.Limit}
	in := func(col string, vals []string) {
		if len(vals) > 0 {
			where = append(where, col+" = ANY(@"+col+")")
			args[col] = vals
		}
	}
	in("workspace", f.Workspaces)
	in("managed_environment", f.ManagedEnvironments)
	in("type", rowcodec.Strings(f.Types))
	in("status", rowcodec.Strings(f.Statuses))
	in("outcome", rowcodec.Strings(f.Outcomes))
	if !f.CreatedFrom.IsZero() {
		where, args["created_from"] = append(where, "created_at >= @created_from"), f.CreatedFrom
	}
	if !f.CreatedBefore.IsZero() {
		where, args["created_before"] = append(where, "created_at < @created_before"), f.CreatedBefore
	}
	if f.AfterID != "" {
		where = append(where, `(created_at < @after_created OR (created_at = @after_created AND id COLLATE "C" < @after_id))`)
		args["after_created"], args["after_id"] = f.AfterCreated, f.AfterID
	}
	rows, err := s.db.Query(ctx, `SELECT `+runColumns+` FROM oprun_runs
WHERE `+strings.Join(where, " AND ")+`
ORDER BY created_at DESC, id COLLATE "C" DESC LIMIT @limit`, args)
	if err != nil {
		return nil, fmt.Errorf("pgstore: list runs: %w", err)
	}
	defer rows.Close()
	out, err := rowcodec.Collect(rows, func() (*oprun.Run, error) { return scanRun(rows) })
	if err != nil {
		return nil, fmt.Errorf("pgstore: list runs: %w", err)
	}
	return out, nil
}

// ListAudit implements [oprun.Store].
func (s *Store) ListAudit(ctx context.Context, runID string) ([]oprun.AuditEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: list audit: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT run_id, event, from_status, to_status, outcome, actor, reason_code, at
FROM oprun_audit WHERE run_id = $1 ORDER BY seq`, runID)
	if err != nil {
		return nil, fmt.Errorf("pgstore: list audit of run %q: %w", runID, err)
	}
	defer rows.Close()
	entries, err := rowcodec.Collect(rows, func() (oprun.AuditEntry, error) {
		var (
			a                                        oprun.AuditEntry
			event, from, to, outcome, actor, reasonC string
		)
		if err := rows.Scan(&a.RunID, &event, &from, &to, &outcome, &actor, &reasonC, &a.At); err != nil {
			return oprun.AuditEntry{}, err
		}
		a.Event, a.From, a.To, a.Outcome, a.Actor, a.ReasonCode = oprun.AuditEvent(event), oprun.Status(from),
			oprun.Status(to), oprun.Outcome(outcome), actor, oprun.ReasonCode(reasonC)
		a.At = a.At.UTC()
		return a, nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: list audit of run %q: %w", runID, err)
	}
	return entries, nil
}

// PendingNotifications implements [oprun.Store].
func (s *Store) PendingNotifications(ctx context.Context, now time.Time, limit int) ([]oprun.Notification, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: list pending notifications: %w", err)
	}
	var lim *int // NULL: no limit
	if limit > 0 {
		lim = &limit
	}
	rows, err := s.db.Query(ctx, `SELECT payload FROM oprun_outbox
WHERE delivered_at IS NULL AND dead_at IS NULL AND (leased_until IS NULL OR leased_until <= $1)
ORDER BY seq LIMIT $2`, now, lim)
	if err != nil {
		return nil, fmt.Errorf("pgstore: list pending notifications: %w", err)
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
		return nil, fmt.Errorf("pgstore: list pending notifications: %w", err)
	}
	return out, nil
}

// claimSQL leases a notification that is neither delivered nor leased;
// PostgreSQL rechecks the condition on the newest version of the row, so
// of concurrent claims at most one succeeds.
const claimSQL = `WITH claimed AS (
	UPDATE oprun_outbox SET leased_until = @until
	WHERE idempotency_key = @key AND delivered_at IS NULL AND dead_at IS NULL
		AND (leased_until IS NULL OR leased_until <= @now)
	RETURNING payload
)
SELECT (SELECT payload FROM claimed), EXISTS (SELECT FROM oprun_outbox WHERE idempotency_key = @key)`

// ClaimNotification implements [oprun.Store].
func (s *Store) ClaimNotification(ctx context.Context, key string, now, until time.Time) (n oprun.Notification, claimed bool, err error) {
	if err := ctx.Err(); err != nil {
		return n, false, fmt.Errorf("pgstore: claim notification: %w", err)
	}
	var (
		payload []byte
		exists  bool
	)
	err = s.db.QueryRow(ctx, claimSQL, pgx.NamedArgs{"key": key, "now": now, "until": until}).Scan(&payload, &exists)
	switch {
	case err != nil:
		return n, false, fmt.Errorf("pgstore: claim notification %q: %w", key, err)
	case payload == nil && !exists:
		return n, false, fmt.Errorf("pgstore: notification %q: %w", key, oprun.ErrNotFound)
	case payload == nil:
		return n, false, nil
	}
	if n, err = rowcodec.DecodeNotification(payload); err != nil {
		return n, false, fmt.Errorf("pgstore: claim notification %q: %w", key, err)
	}
	return n, true, nil
}

// failSQL counts a failed delivery and either kills the notification or
// leases it until its backoff ends: the SET expressions read the row's
// attempts before the update, so the wait after n failures is
// backoff·2ⁿ⁻¹, at most max_backoff.
const failSQL = `UPDATE oprun_outbox SET
	attempts = attempts + 1,
	dead_at = CASE WHEN attempts + 1 >= @max_attempts::int THEN @now::timestamptz END,
	leased_until = CASE WHEN attempts + 1 >= @max_attempts::int THEN leased_until
		ELSE @now::timestamptz + make_interval(secs => LEAST(@backoff_us::bigint * power(2, attempts), @max_backoff_us::bigint) / 1e6) END
WHERE idempotency_key = @key
RETURNING attempts, dead_at IS NOT NULL`

// FailNotification implements [oprun.Store]: one statement.
func (s *Store) FailNotification(ctx context.Context, key string, now time.Time, policy oprun.DeliveryPolicy) (failures int, dead bool, err error) {
	if err := ctx.Err(); err != nil {
		return 0, false, fmt.Errorf("pgstore: fail notification: %w", err)
	}
	err = s.db.QueryRow(ctx, failSQL, pgx.NamedArgs{
		"key": key, "now": now, "max_attempts": policy.MaxAttempts,
		"backoff_us": policy.Backoff.Microseconds(), "max_backoff_us": policy.MaxBackoff.Microseconds(),
	}).Scan(&failures, &dead)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, false, fmt.Errorf("pgstore: notification %q: %w", key, oprun.ErrNotFound)
	case err != nil:
		return 0, false, fmt.Errorf("pgstore: fail notification %q: %w", key, err)
	}
	return failures, dead, nil
}

// MarkNotificationDelivered implements [oprun.Store]. The first delivery
// time is kept.
func (s *Store) MarkNotificationDelivered(ctx context.Context, key string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("pgstore: mark notification delivered: %w", err)
	}
	tag, err := s.db.Exec(ctx, `UPDATE oprun_outbox SET delivered_at = COALESCE(delivered_at, $2) WHERE idempotency_key = $1`, key, at)
	switch {
	case err != nil:
		return fmt.Errorf("pgstore: mark notification %q delivered: %w", key, err)
	case tag.RowsAffected() == 0:
		return fmt.Errorf("pgstore: notification %q: %w", key, oprun.ErrNotFound)
	}
	return nil
}

// runArgs returns the named arguments of the columns of run.
func runArgs(r *oprun.Run) (pgx.NamedArgs, error) {
	contextJSON, err := rowcodec.EncodeContext(r.Context)
	if err != nil {
		return nil, err
	}
	summary, err := rowcodec.EncodeSummary(r.Summary)
	if err != nil {
		return nil, err
	}
	return pgx.NamedArgs{
		"id":                  r.ID,
		"type":                string(r.Type),
		"workspace":           r.Scope.Workspace,
		"managed_environment": r.Scope.ManagedEnvironment,
		"target_scope":        r.Scope.TargetScope,
		"initiator":           r.Scope.Initiator,
		"status":              string(r.Status),
		"outcome":             string(r.Outcome),
		"identity":            r.Identity,
		"attempt":             r.Attempt,
		"parent_id":           r.ParentID,
		"summary":             summary,
		"context":             contextJSON,
		"reason_code":         string(r.Reason.Code),
		"reason_message":      r.Reason.Message,
		"notify":              r.Notify,
		"cancel_requested":    r.CancelRequested,
		"created_at":          r.CreatedAt,
		"started_at":          nullTime(r.StartedAt),
		"heartbeat_at":        nullTime(r.HeartbeatAt),
		"completed_at":        nullTime(r.CompletedAt),
	}, nil
}

// addEffectArgs adds the arrays read by effectsCTEs to args.
func addEffectArgs(args pgx.NamedArgs, e oprun.Effects) error {
	n := len(e.Audit)
	runIDs, events, froms, tos := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	outcomes, actors, reasons, ats := make([]string, n), make([]string, n), make([]string, n), make([]time.Time, n)
	for i, a := range e.Audit {
		runIDs[i], events[i], froms[i], tos[i] = a.RunID, string(a.Event), string(a.From), string(a.To)
		outcomes[i], actors[i], reasons[i], ats[i] = string(a.Outcome), a.Actor, string(a.ReasonCode), a.At
	}
	args["audit_run_id"], args["audit_event"], args["audit_from"], args["audit_to"] = runIDs, events, froms, tos
	args["audit_outcome"], args["audit_actor"], args["audit_reason"], args["audit_at"] = outcomes, actors, reasons, ats

	notes := rowcodec.UniqueNotifications(e.Notifications)
	keys, noteRuns, payloads := make([]string, len(notes)), make([]string, len(notes)), make([]string, len(notes))
	for i, note := range notes {
		p, err := rowcodec.EncodeNotification(note)
		if err != nil {
			return err
		}
		keys[i], noteRuns[i], payloads[i] = note.IdempotencyKey, note.RunID, p
	}
	args["outbox_key"], args["outbox_run_id"], args["outbox_payload"] = keys, noteRuns, payloads
	return nil
}

func nullTime(t time.Time) pgtype.Timestamptz {
	return pgtype.Timestamptz{Time: t, Valid: !t.IsZero()}
}

func timeOf(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// scanRun scans the columns of runColumns, after the destinations in
// prefix, into a new Run.
func scanRun(row pgx.Row, prefix ...any) (*oprun.Run, error) {
	var (
		r                                   oprun.Run
		typ, status, outcome, reasonCode    string
		summary, contextJSON                []byte
		createdAt                           time.Time
		startedAt, heartbeatAt, completedAt pgtype.Timestamptz
	)
	dest := append(prefix,
		&r.ID, &typ, &r.Scope.Workspace, &r.Scope.ManagedEnvironment, &r.Scope.TargetScope, &r.Scope.Initiator,
		&status, &outcome, &r.Identity, &r.Attempt, &r.ParentID, &summary, &contextJSON,
		&reasonCode, &r.Reason.Message, &r.Notify, &r.CancelRequested,
		&createdAt, &startedAt, &heartbeatAt, &completedAt, &r.Version)
	if err := row.Scan(dest...); err != nil {
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
	r.CreatedAt = createdAt.UTC()
	r.StartedAt, r.HeartbeatAt, r.CompletedAt = timeOf(startedAt), timeOf(heartbeatAt), timeOf(completedAt)
	return &r, nil
}
