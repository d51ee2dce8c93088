package riverrun_test

import (
	"context"
	"log"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/riverrun"
	"github.com/runtruth/runtruth/oprun/sqlitestore"
)

type BackupArgs struct{ riverrun.RunArgs }

func (BackupArgs) Kind() string { return "mailbox_backup" }

func backup(ctx context.Context, runs *oprun.Service, run *oprun.Run) error {
	return runs.Increment(ctx, run.ID, oprun.SummaryItemsTotal, 1)
}

// A web start surface and its workers on the embedded SQLite default: the
// run and its job start in one transaction, a worker works the job, and
// the leader reconciles stale runs and delivers notifications.
func Example() {
	ctx := context.Background()
	db, err := sqlitestore.Open(ctx, "/var/lib/backupsvc/runs.db")
	if err != nil {
		log.Fatal(err)
	}
	if err := sqlitestore.Migrate(ctx, db); err != nil {
		log.Fatal(err)
	}
	migrator, err := rivermigrate.New(riversqlite.New(db), nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		log.Fatal(err)
	}
	store, err := sqlitestore.New(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	catalog, err := oprun.NewCatalog(oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: 10 * time.Minute, Retryable: true, MaxAttempts: 3})
	if err != nil {
		log.Fatal(err)
	}
	runs, err := oprun.NewService(store, catalog)
	if err != nil {
		log.Fatal(err)
	}

	workers := river.NewWorkers()
	river.AddWorker[BackupArgs](workers, riverrun.NewWorker(runs, func(ctx context.Context, run *oprun.Run, job *river.Job[BackupArgs]) error {
		return backup(ctx, runs, run)
	}))
	if err := riverrun.AddMaintenanceWorkers(workers, runs); err != nil {
		log.Fatal(err)
	}
	client, err := river.NewClient(riversqlite.New(db), &river.Config{
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 8}},
		Workers:      workers,
		PeriodicJobs: riverrun.PeriodicJobs(riverrun.Intervals{}),
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		log.Fatal(err)
	}

	// The start surface: the run and its job, one transaction.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer tx.Rollback() // after Commit, does nothing
	run, _, err := runs.WithStore(store.Tx(tx)).Start(ctx, oprun.StartRequest{
		Type:  "mailbox_backup",
		Scope: oprun.Scope{Workspace: "contoso", ManagedEnvironment: "m365-contoso", TargetScope: "mailbox:alice", Initiator: "user:alice"},
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.InsertTx(ctx, tx, BackupArgs{riverrun.RunArgs{RunID: run.ID}}, nil); err != nil {
		log.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		log.Fatal(err)
	}
}
