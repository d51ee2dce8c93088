package riverrun_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/pgstore"
	"github.com/runtruth/runtruth/oprun/riverrun"
)

type bareArgs struct{}

func (bareArgs) Kind() string { return "bare" }

// BenchmarkRuns measures operation runs end to end (the run started and
// its job inserted in one transaction, the job worked, the run marked
// running and completed) beside River's bare throughput on the same
// database (a job inserted in its own transaction, worked by a no-op
// worker), with 1, 4 and 16 workers: runs/s and jobs/s, from the first
// insert to the last completion. The PostgreSQL cases run with
// $RUNTRUTH_PG_URL.
//
//	go test -run '^$' -bench Runs -benchtime 500x ./oprun/riverrun
func BenchmarkRuns(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		for _, workers := range []int{1, 4, 16} {
			for _, bare := range []bool{false, true} {
				kind := "runs"
				if bare {
					kind = "bare"
				}
				b.Run(fmt.Sprintf("%s/%s/workers=%d", db, kind, workers), func(b *testing.B) {
					if db == "sqlite" {
						benchSQLite(b, workers, bare)
					} else {
						benchPG(b, workers, bare)
					}
				})
			}
		}
	}
}

func benchWorkers(runs *oprun.Service) *river.Workers {
	ws := river.NewWorkers()
	river.AddWorker[backupArgs](ws, riverrun.NewWorker(runs, func(context.Context, *oprun.Run, *river.Job[backupArgs]) error {
		return nil
	}))
	river.AddWorker(ws, river.WorkFunc(func(context.Context, *river.Job[bareArgs]) error { return nil }))
	return ws
}

func benchConfig(ws *river.Workers, workers int) *river.Config {
	return &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}},
		Workers:           ws,
		FetchPollInterval: 10 * time.Millisecond,
		FetchCooldown:     time.Millisecond,
		TestOnly:          true,
	}
}

// bench runs b.N starts (insert, in a transaction of its own) on a
// started client and waits for their jobs to complete.
func bench[TTx any](b *testing.B, c *river.Client[TTx], insert func(ctx context.Context) error, unit string) {
	ctx := b.Context()
	events, cancel := c.SubscribeConfig(&river.SubscribeConfig{ChanSize: b.N + 16, Kinds: []river.EventKind{river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled}})
	defer cancel()
	if err := c.Start(ctx); err != nil {
		b.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.Stop(ctx); err != nil {
			b.Error(err)
		}
	}()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if err := insert(ctx); err != nil {
			b.Fatal(err)
		}
	}
	for range b.N {
		select {
		case ev := <-events:
			if ev.Kind != river.EventKindJobCompleted {
				b.Fatalf("job %d: %s", ev.Job.ID, ev.Kind)
			}
		case <-time.After(time.Minute):
			b.Fatal("jobs not completed within a minute")
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), unit)
}

func benchSQLite(b *testing.B, workers int, bare bool) {
	e := newEnv(b, oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Hour})
	c, err := river.NewClient(riversqlite.New(e.db), benchConfig(benchWorkers(e.runs), workers))
	if err != nil {
		b.Fatal(err)
	}
	insert := func(ctx context.Context) error {
		tx, err := e.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		var args river.JobArgs = bareArgs{}
		if !bare {
			run, _, err := e.runs.WithStore(e.store.Tx(tx)).Start(ctx, request())
			if err != nil {
				return err
			}
			args = backupArgs{riverrun.RunArgs{RunID: run.ID}}
		}
		if _, err := c.InsertTx(ctx, tx, args, nil); err != nil {
			return err
		}
		return tx.Commit()
	}
	bench(b, c, insert, unit(bare))
}

func benchPG(b *testing.B, workers int, bare bool) {
	pool := pgPool(b)
	store, err := pgstore.New(b.Context(), pool)
	if err != nil {
		b.Fatal(err)
	}
	catalog, err := oprun.NewCatalog(oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	runs, err := oprun.NewService(store, catalog)
	if err != nil {
		b.Fatal(err)
	}
	c, err := river.NewClient(riverpgxv5.New(pool), benchConfig(benchWorkers(runs), workers))
	if err != nil {
		b.Fatal(err)
	}
	insert := func(ctx context.Context) error {
		tx, err := pool.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		var args river.JobArgs = bareArgs{}
		if !bare {
			run, _, err := runs.WithStore(store.Tx(tx)).Start(ctx, request())
			if err != nil {
				return err
			}
			args = backupArgs{riverrun.RunArgs{RunID: run.ID}}
		}
		if _, err := c.InsertTx(ctx, tx, args, nil); err != nil {
			return err
		}
		return tx.Commit(ctx)
	}
	bench(b, c, insert, unit(bare))
}

func unit(bare bool) string {
	if bare {
		return "jobs/s"
	}
	return "runs/s"
}
