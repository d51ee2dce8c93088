package storecheck

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/runtruth/runtruth/oprun"
)

// A benchmarked run has three status transitions (started as queued,
// running, completed) among five writes (those, a heartbeat and an
// increment).
const (
	transitionsPerRun = 3
	writesPerRun      = 5
)

// BenchmarkTransitions measures runs through their lifecycle with workers
// goroutines sharing one Service on store: each run is started, marked
// running, heartbeated, counted and completed. One op is one run; the
// custom metric transitions/s counts its three status transitions, and
// writes/s its five writes.
func BenchmarkTransitions(b *testing.B, store oprun.Store, workers int) {
	catalog, err := newCatalog(time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	svc, err := oprun.NewService(store, catalog)
	if err != nil {
		b.Fatal(err)
	}
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
	)
	b.ResetTimer()
	began := time.Now()
	for w := range workers {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
				if err := lifecycle(b, svc, w, i); err != nil {
					errOnce.Do(func() { first = err })
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(began)
	b.StopTimer()
	if first != nil {
		b.Fatal(first)
	}
	b.ReportMetric(float64(transitionsPerRun*b.N)/elapsed.Seconds(), "transitions/s")
	b.ReportMetric(float64(writesPerRun*b.N)/elapsed.Seconds(), "writes/s")
}

func lifecycle(b *testing.B, svc *oprun.Service, worker int, i int64) error {
	ctx := b.Context()
	target := fmt.Sprintf("mailbox:%d-%d", worker, i)
	r, _, err := svc.Start(ctx, oprun.StartRequest{Type: TypeSync, Scope: scope(target), Identity: "sync:" + target})
	if err != nil {
		return err
	}
	if _, err := svc.MarkRunning(ctx, r.ID); err != nil {
		return err
	}
	if err := svc.Heartbeat(ctx, r.ID); err != nil {
		return err
	}
	if err := svc.Increment(ctx, r.ID, oprun.SummaryItemsProcessed, 1); err != nil {
		return err
	}
	_, err = svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	return err
}
