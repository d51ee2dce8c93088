// Package sqlitestore keeps operation runs in an SQLite database file:
// the embedded, durable store of a single node, a file path away, with no
// server to run and no cgo (it uses the pure-Go driver modernc.org/sqlite).
// [Store] implements [oprun.Store].
//
// Every write is one immediate transaction. A transition is a guarded
// UPDATE … WHERE id = ? AND status = ? AND version = ? RETURNING …, whose
// audit entries and outbox notifications are inserted in the same
// transaction (a transactional outbox); when it changes no row, the run
// is read once more and the error says why: a [*oprun.ConflictError] for
// a run that moved on, a [*oprun.TransitionError] for a completed one. A
// partial unique index keeps one active run per identity, and CHECK
// constraints keep status, outcome and completion time consistent.
// Commits are synchronous, so a committed transition survives a crash of
// the process or the machine.
//
// Several processes may open the same file; their writes take turns on
// SQLite's write lock, waiting for it up to a busy timeout. For many
// workers on many machines, use package pgstore.
//
// The schema is created and upgraded by [Migrate], from migrations
// embedded in the package; run it before [New]:
//
//	db, err := sqlitestore.Open(ctx, "/var/lib/myservice/runs.db")
//	…
//	defer db.Close()
//	if err := sqlitestore.Migrate(ctx, db); err != nil { … }
//	store, err := sqlitestore.New(ctx, db)
//	…
//	runs, err := oprun.NewService(store, catalog)
package sqlitestore
