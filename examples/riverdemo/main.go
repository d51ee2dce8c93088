// Command riverdemo runs a web start surface and its workers on the
// embedded SQLite default, in one process:
//
//	go run ./examples/riverdemo -addr localhost:8080 -db /tmp/riverdemo.db
//	curl -X POST 'localhost:8080/backups?mailbox=alice'
//	curl 'localhost:8080/runs'
//
// A POST starts a mailbox backup run and inserts its River job in one
// transaction; a worker marks the run running, counts its items and
// completes it; River's leader reconciles stale runs and delivers
// notifications (here, to the log). GET /runs lists the runs newest first.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/riverrun"
	"github.com/runtruth/runtruth/oprun/sqlitestore"
)

// BackupArgs are the arguments of a backup job.
type BackupArgs struct{ riverrun.RunArgs }

// Kind implements river.JobArgs.
func (BackupArgs) Kind() string { return "mailbox_backup" }

// operator is the demo's single operator; a real service authenticates.
var operator = oprun.Actor{ID: "user:demo", Workspaces: []string{"demo"}, Operator: true}

func main() {
	addr := flag.String("addr", "localhost:8080", "listen address")
	path := flag.String("db", "riverdemo.db", "SQLite database file")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *path); err != nil {
		slog.Error("riverdemo", "error", err)
		os.Exit(1)
	}
}

// app is the demo service: the run service, its store and River.
type app struct {
	store *sqlitestore.Store
	runs  *oprun.Service
	river *river.Client[*sql.Tx]
	db    *sql.DB
}

func run(ctx context.Context, addr, path string) error {
	a, err := open(ctx, path)
	if err != nil {
		return err
	}
	defer a.db.Close()
	if err := a.river.Start(ctx); err != nil {
		return err
	}
	srv := &http.Server{Addr: addr, Handler: a.routes(), ReadHeaderTimeout: 5 * time.Second}
	stopped := make(chan error, 1)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		// The server first, then River, then (deferred) the database.
		stopped <- errors.Join(srv.Shutdown(shutdown), a.river.Stop(shutdown))
	}()
	slog.Info("riverdemo listening", "addr", addr, "db", path)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-stopped
}

// open migrates the database and builds the service and River's client.
func open(ctx context.Context, path string) (*app, error) {
	db, err := sqlitestore.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*app, error) { return nil, errors.Join(err, db.Close()) }
	if err := sqlitestore.Migrate(ctx, db); err != nil {
		return fail(err)
	}
	migrator, err := rivermigrate.New(riversqlite.New(db), nil)
	if err != nil {
		return fail(err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fail(err)
	}
	store, err := sqlitestore.New(ctx, db)
	if err != nil {
		return fail(err)
	}
	// A run heartbeats while it works (StaleAfter) and may wait in River's
	// queue for an hour before a worker starts it (QueueTimeout).
	catalog, err := oprun.NewCatalog(oprun.OperationSpec{
		Type: "mailbox_backup", StaleAfter: time.Minute, QueueTimeout: time.Hour, Retryable: true, MaxAttempts: 3,
	})
	if err != nil {
		return fail(err)
	}
	notifier := oprun.NotifierFunc(func(ctx context.Context, n oprun.Notification) error {
		slog.InfoContext(ctx, "run completed", "run", n.RunID, "outcome", n.Outcome, "link", n.Link)
		return nil
	})
	runs, err := oprun.NewService(store, catalog, oprun.WithNotifier(notifier), oprun.WithLinkBase("http://localhost:8080"))
	if err != nil {
		return fail(err)
	}
	workers := river.NewWorkers()
	w := riverrun.NewWorker(runs, func(ctx context.Context, run *oprun.Run, job *river.Job[BackupArgs]) error {
		for range 3 { // three items of a mailbox
			select {
			case <-time.After(200 * time.Millisecond):
			case <-ctx.Done():
				return ctx.Err()
			}
			if err := runs.Increment(ctx, run.ID, oprun.SummaryItemsTotal, 1); err != nil {
				return err
			}
		}
		return nil
	})
	w.Heartbeat = 5 * time.Second
	if err := river.AddWorkerSafely[BackupArgs](workers, w); err != nil {
		return fail(err)
	}
	if err := riverrun.AddMaintenanceWorkers(workers, runs); err != nil {
		return fail(err)
	}
	client, err := river.NewClient(riversqlite.New(db), &river.Config{
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		Workers:      workers,
		PeriodicJobs: riverrun.PeriodicJobs(riverrun.Intervals{Retention: 7 * 24 * time.Hour}),
	})
	if err != nil {
		return fail(err)
	}
	return &app{store: store, runs: runs, river: client, db: db}, nil
}

func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /backups", a.startBackup)
	mux.HandleFunc("GET /runs", a.listRuns)
	return mux
}

// startBackup starts a backup run of a mailbox and inserts its job, in
// one transaction.
func (a *app) startBackup(w http.ResponseWriter, r *http.Request) {
	mailbox := r.URL.Query().Get("mailbox")
	if mailbox == "" {
		http.Error(w, "mailbox is required", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		http.Error(w, "cannot start the backup", http.StatusInternalServerError)
		return
	}
	defer tx.Rollback() // after Commit, does nothing
	run, created, err := a.runs.WithStore(a.store.Tx(tx)).Start(ctx, oprun.StartRequest{
		Type: "mailbox_backup",
		Scope: oprun.Scope{
			Workspace: "demo", ManagedEnvironment: "m365-demo",
			TargetScope: "mailbox:" + mailbox, Initiator: operator.ID,
		},
		Identity: "backup:mailbox:" + mailbox,
		Notify:   true,
	})
	if err == nil && created {
		_, err = a.river.InsertTx(ctx, tx, BackupArgs{riverrun.RunArgs{RunID: run.ID}}, nil)
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		slog.ErrorContext(ctx, "start backup", "error", oprun.Redact(err.Error()))
		http.Error(w, "cannot start the backup", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if created {
		w.WriteHeader(http.StatusAccepted)
	}
	_ = json.NewEncoder(w).Encode(run)
}

// listRuns lists the operator's runs, newest first, a page at a time.
func (a *app) listRuns(w http.ResponseWriter, r *http.Request) {
	page, err := a.runs.List(r.Context(), operator, oprun.ListRequest{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		http.Error(w, "cannot list runs", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(page)
}
