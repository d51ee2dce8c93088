package oprun_test

import (
	"fmt"
	"testing"

	"github.com/runtruth/runtruth/oprun"
)

func BenchmarkStart(b *testing.B) {
	b.Run("new", func(b *testing.B) {
		// Fresh stores per chunk, outside the timer, keep the heap small.
		const chunk = 1024
		b.ReportAllocs()
		b.StopTimer()
		for done := 0; done < b.N; {
			f := newFixture(b)
			reqs := make([]oprun.StartRequest, min(chunk, b.N-done))
			for i := range reqs {
				reqs[i] = oprun.StartRequest{
					Type:     typeSync,
					Scope:    scope("ws-1"),
					Identity: fmt.Sprint("sync:mailbox-", i),
					Context:  oprun.Context{"mailboxes": 3, "region": "westeurope"},
				}
			}
			b.StartTimer()
			for _, req := range reqs {
				if _, _, err := f.svc.Start(b.Context(), req); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			done += len(reqs)
		}
	})
	b.Run("deduplicated", func(b *testing.B) {
		f := newFixture(b)
		ctx := b.Context()
		req := oprun.StartRequest{Type: typeSync, Scope: scope("ws-1"), Identity: "sync:alice"}
		if _, _, err := f.svc.Start(ctx, req); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, created, err := f.svc.Start(ctx, req); err != nil || created {
				b.Fatal(err, created)
			}
		}
	})
}

// BenchmarkTransition measures one lifecycle write: queued → running, or
// running → completed (with its audit entry), or a heartbeat. Runs are
// prepared in chunks on fresh stores, outside the timer, so that the heap
// does not grow with b.N.
func BenchmarkTransition(b *testing.B) {
	b.Run("mark_running", func(b *testing.B) {
		benchmarkTransitions(b, false, func(f *fixture, id string) error {
			_, err := f.svc.MarkRunning(b.Context(), id)
			return err
		})
	})
	b.Run("complete", func(b *testing.B) {
		benchmarkTransitions(b, true, func(f *fixture, id string) error {
			_, err := f.svc.Complete(b.Context(), id, oprun.OutcomeSucceeded, oprun.Reason{Message: "2 folders backed up"})
			return err
		})
	})
	b.Run("heartbeat", func(b *testing.B) {
		f := newFixture(b)
		r := f.running(b, typeSync, false)
		b.ReportAllocs()
		for b.Loop() {
			if err := f.svc.Heartbeat(b.Context(), r.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchmarkTransitions(b *testing.B, running bool, transition func(f *fixture, id string) error) {
	const chunk = 1024
	b.ReportAllocs()
	b.StopTimer()
	for done := 0; done < b.N; {
		f := newFixture(b)
		ids := make([]string, min(chunk, b.N-done))
		for i := range ids {
			r := f.start(b, typeSync, "", false)
			if running {
				if _, err := f.svc.MarkRunning(b.Context(), r.ID); err != nil {
					b.Fatal(err)
				}
			}
			ids[i] = r.ID
		}
		b.StartTimer()
		for _, id := range ids {
			if err := transition(f, id); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		done += len(ids)
	}
}

func BenchmarkIncrement(b *testing.B) {
	b.Run("serial", func(b *testing.B) {
		f := newFixture(b)
		r := f.running(b, typeSync, false)
		b.ReportAllocs()
		for b.Loop() {
			if err := f.svc.Increment(b.Context(), r.ID, oprun.SummaryItemsProcessed, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		f := newFixture(b)
		r := f.running(b, typeSync, false)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := f.svc.Increment(b.Context(), r.ID, oprun.SummaryItemsProcessed, 1); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("many", func(b *testing.B) {
		f := newFixture(b)
		r := f.running(b, typeSync, false)
		counts := map[oprun.SummaryKey]int64{
			oprun.SummaryItemsProcessed:   1,
			oprun.SummaryItemsSucceeded:   1,
			oprun.SummaryBytesTransferred: 4096,
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := f.svc.IncrementMany(b.Context(), r.ID, counts); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRedact(b *testing.B) {
	for name, msg := range map[string]string{
		"clean":   "processed 1200 of 1250 items for mailbox:alice in 35s; 50 skipped (run 123e4567-e89b-12d3-a456-426614174000)",
		"secrets": "GET https://graph.microsoft.com/v1.0/users?$top=5&access_token=abc123 failed: Authorization: Bearer ya29.a0AfH6SMBx3kL9 password=hunter2, processed 1200 items",
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = oprun.Redact(msg)
			}
		})
	}
}
