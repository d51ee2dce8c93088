// Package pgstore keeps operation runs in PostgreSQL, for many workers on
// many machines sharing one database. [Store] implements [oprun.Store].
//
// Every write is a single SQL statement, so that no transition depends on
// a client holding a transaction open:
//
//   - A transition is a guarded UPDATE … WHERE id = $1 AND status = $2 AND
//     version = $3 RETURNING …, whose audit entries and outbox
//     notifications are inserted by the same statement (a transactional
//     outbox). When it changes no row, the run is read once more and the
//     error says why: a [*oprun.ConflictError] for a run that moved on, a
//     [*oprun.TransitionError] for a completed one.
//   - A start inserts the run unless an active run has the same
//     workspace, type and identity (a partial unique index over active
//     runs), and returns either the new run or the active one, with a flag
//     saying which, in one statement.
//   - Summary counts are added in SQL, in one UPDATE that PostgreSQL
//     re-evaluates on the newest row version, so no increment is lost.
//   - CHECK constraints keep status, outcome and completion time
//     consistent: a run is completed exactly when its outcome is terminal
//     and its completion time is set.
//
// Notifications are leased and marked delivered through the outbox table,
// so each is delivered at least once; receivers drop repeats by
// [oprun.Notification.IdempotencyKey].
//
// The schema is created and upgraded by [Migrate], from migrations
// embedded in the package; run it before [New]:
//
//	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
//	…
//	if err := pgstore.Migrate(ctx, pool); err != nil { … }
//	store, err := pgstore.New(ctx, pool)
//	…
//	runs, err := oprun.NewService(store, catalog)
package pgstore
