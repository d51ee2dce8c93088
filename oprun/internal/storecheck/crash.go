package storecheck

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

// CrashWorkerEnv, set to 1 in the environment of a re-executed test
// binary, selects the crash worker role: the test that [Crash] names runs
// [CrashWorker] instead.
const CrashWorkerEnv = "OPRUN_CRASH_WORKER"

const (
	readyPrefix = "oprun-crash-worker-ready "
	// crashIdentity is the identity of the crash worker's run.
	crashIdentity = "sync:crash-worker"
	// crashItems is what the worker counts before it blocks.
	crashItems = 7
	// crashStaleAfter is when sync runs go stale in the crash check.
	crashStaleAfter = 5 * time.Minute
)

// IsCrashWorker reports whether this process is the crash worker that
// [Crash] started.
func IsCrashWorker() bool { return os.Getenv(CrashWorkerEnv) == "1" }

// CrashWorker is the worker process of [Crash]. With its own Service on
// store, it starts a run, marks it running, heartbeats, counts some work
// and leaves it running; then it completes a second run, and blocks in
// the delivery of that run's notification, after telling the parent both
// run IDs on standard output, until it is killed. It fails the test if
// nobody kills it within two minutes.
func CrashWorker(t *testing.T, store oprun.Store) {
	ctx := t.Context()
	catalog, err := newCatalog(crashStaleAfter)
	require.NoError(t, err)
	var running string
	stuck := oprun.NotifierFunc(func(ctx context.Context, n oprun.Notification) error {
		if _, err := fmt.Fprintf(os.Stdout, "\n%s%s %s\n", readyPrefix, running, n.RunID); err != nil {
			return fmt.Errorf("tell the parent: %w", err)
		}
		select {
		case <-time.After(2 * time.Minute):
			t.Error("crash worker: not killed within two minutes")
		case <-ctx.Done():
		}
		return errors.New("crash worker: not killed")
	})
	svc, err := oprun.NewService(store, catalog, oprun.WithNotifier(stuck))
	require.NoError(t, err)

	run, created, err := svc.Start(ctx, oprun.StartRequest{
		Type:     TypeSync,
		Scope:    scope("mailbox:crash"),
		Identity: crashIdentity,
		Context:  oprun.Context{"mailboxes": 12},
		Notify:   true,
	})
	require.NoError(t, err)
	require.True(t, created)
	_, err = svc.MarkRunning(ctx, run.ID)
	require.NoError(t, err)
	require.NoError(t, svc.Heartbeat(ctx, run.ID))
	require.NoError(t, svc.Increment(ctx, run.ID, oprun.SummaryItemsProcessed, crashItems))
	require.NoError(t, svc.UpdateContext(ctx, run.ID, oprun.Context{"phase": "copy"}))
	running = run.ID

	finished, _, err := svc.Start(ctx, oprun.StartRequest{Type: TypeSync, Scope: scope("mailbox:finished"), Notify: true})
	require.NoError(t, err)
	_, err = svc.MarkRunning(ctx, finished.ID)
	require.NoError(t, err)
	_, err = svc.Complete(ctx, finished.ID, oprun.OutcomeSucceeded, oprun.Reason{}) // blocks in stuck
	require.NoError(t, err)
}

// Crash checks that a worker killed with SIGKILL in the middle of its
// work loses nothing and leaves its running run to reconciliation: it
// re-executes the test binary running testName with [CrashWorkerEnv]=1
// and env, so that testName calls [CrashWorker] on the same database,
// waits until the worker has a run running and another one completed and
// is delivering its notification, kills the worker, and reconciles with a
// clock moved past the staleness threshold. The running run must end
// failed with reason stale, keeping what the worker recorded; the
// notification whose delivery the kill interrupted must be delivered
// after its lease expires; every terminal run is notified exactly once;
// and a completed run, a run of another type and a run that heartbeats
// must not change.
func Crash(t *testing.T, store oprun.Store, testName string, env ...string) {
	ctx := t.Context()
	catalog, err := newCatalog(crashStaleAfter)
	require.NoError(t, err)
	clock := &skewClock{}
	rcv := newReceiver()
	svc, err := oprun.NewService(store, catalog, oprun.WithClock(clock), oprun.WithNotifier(rcv))
	require.NoError(t, err)

	// Runs that must come out of reconciliation unchanged.
	start := func(typ oprun.OperationType, target string) *oprun.Run {
		r, created, err := svc.Start(ctx, oprun.StartRequest{Type: typ, Scope: scope(target), Identity: target, Notify: true})
		require.NoError(t, err)
		require.True(t, created)
		return r
	}
	done := start(TypeSync, "mailbox:done")
	_, err = svc.MarkRunning(ctx, done.ID)
	require.NoError(t, err)
	_, err = svc.Complete(ctx, done.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)
	healthy := start(TypeSync, "mailbox:healthy")
	_, err = svc.MarkRunning(ctx, healthy.ID)
	require.NoError(t, err)
	other := start(TypeBackup, "mailbox:other")

	worker := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+testName+"$", "-test.count=1")
	worker.Env = append(append(os.Environ(), CrashWorkerEnv+"=1"), env...)
	worker.Stderr = os.Stderr
	stdout, stdoutW := io.Pipe()
	worker.Stdout = stdoutW
	require.NoError(t, worker.Start())
	killed := false
	t.Cleanup(func() {
		if !killed {
			_ = worker.Process.Kill() // best effort after a failure: the test has failed already
			_ = worker.Wait()
		}
		_ = stdoutW.Close() // ends waitReady's reader
	})
	ready, err := waitReady(stdout, time.Minute)
	require.NoError(t, err, "crash worker did not get its runs going")
	runID, finishedID, ok := strings.Cut(ready, " ")
	require.True(t, ok, "worker said %q", ready)
	t.Logf("crash worker pid %d is running run %s and delivering the notification of run %s", worker.Process.Pid, runID, finishedID)

	before, err := store.Get(ctx, runID)
	require.NoError(t, err)
	require.Equal(t, oprun.StatusRunning, before.Status)

	// SIGKILL: no deferred function, no cleanup, no goodbye.
	require.NoError(t, worker.Process.Kill())
	killed = true
	err = worker.Wait()
	require.Error(t, err)
	assert.Equal(t, -1, worker.ProcessState.ExitCode(), "the worker must die by the signal: %v", worker.ProcessState)
	t.Logf("crash worker: %v", worker.ProcessState)

	// The crash changed nothing: the run is running, as the worker left it.
	after, err := store.Get(ctx, runID)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	// The completion stands; its notification is in the outbox, leased to
	// the dead worker.
	finished, err := store.Get(ctx, finishedID)
	require.NoError(t, err)
	assert.Equal(t, oprun.OutcomeSucceeded, finished.Outcome)
	pending, err := store.PendingNotifications(ctx, clock.Now(), 0)
	require.NoError(t, err)
	assert.Empty(t, pending, "the notification is leased")

	// Time passes; the healthy run's worker heartbeats, the dead one does not.
	clock.Advance(crashStaleAfter + time.Minute)
	require.NoError(t, svc.Heartbeat(ctx, healthy.ID))
	unchanged := map[string]*oprun.Run{}
	unchangedAudit := map[string][]oprun.AuditEntry{}
	for _, id := range []string{done.ID, healthy.ID, other.ID} {
		unchanged[id], err = store.Get(ctx, id)
		require.NoError(t, err)
		unchangedAudit[id], err = store.ListAudit(ctx, id)
		require.NoError(t, err)
	}

	n, err := svc.ReconcileStale(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "exactly the crashed worker's run is stale")

	got, err := store.Get(ctx, runID)
	require.NoError(t, err)
	assert.Equal(t, oprun.StatusCompleted, got.Status)
	assert.Equal(t, oprun.OutcomeFailed, got.Outcome)
	assert.Equal(t, oprun.ReasonStale, got.Reason.Code)
	assert.Equal(t, int64(crashItems), got.Summary[oprun.SummaryItemsProcessed], "what the worker counted survives")
	assert.Equal(t, oprun.Context{"mailboxes": int64(12), "phase": "copy"}, got.Context)
	assert.Equal(t, before.HeartbeatAt, got.HeartbeatAt)
	assert.Equal(t, before.Version+1, got.Version)

	audit, err := store.ListAudit(ctx, runID)
	require.NoError(t, err)
	var events []string
	for _, a := range audit {
		events = append(events, fmt.Sprintf("%s %s→%s by %s", a.Event, a.From, a.To, a.Actor))
	}
	assert.Equal(t, []string{
		"started →queued by user-1",
		"running queued→running by " + oprun.WorkerActorID,
		"completed running→completed by " + oprun.ReconcilerActorID,
	}, events)

	// The lease of the dead worker has expired: the notification it was
	// delivering goes out now.
	delivered, err := svc.DeliverPending(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, delivered)
	assert.Equal(t, map[string]int{done.ID + ":completed": 1, runID + ":completed": 1, finishedID + ":completed": 1},
		rcv.deliveries(), "each terminal run notified once")
	pending, err = store.PendingNotifications(ctx, clock.Now().Add(24*time.Hour), 0)
	require.NoError(t, err)
	assert.Empty(t, pending)

	for id, want := range unchanged {
		r, err := store.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, want, r, "run %s changed", id)
		a, err := store.ListAudit(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, unchangedAudit[id], a, "audit of run %s changed", id)
	}

	// The identity is free again.
	next, created, err := svc.Start(ctx, oprun.StartRequest{Type: TypeSync, Scope: scope("mailbox:crash"), Identity: crashIdentity})
	require.NoError(t, err)
	assert.True(t, created)
	assert.NotEqual(t, runID, next.ID)
}

// waitReady reads the worker's output until it names its run, and
// returns the run's ID. The rest of the output is drained.
func waitReady(r io.Reader, timeout time.Duration) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), readyPrefix); ok {
				found <- id
				break
			}
		}
		close(found)
		_, _ = io.Copy(io.Discard, r) // drain until the worker dies
	}()
	select {
	case id, ok := <-found:
		if !ok {
			return "", fmt.Errorf("worker exited without naming its run")
		}
		return id, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("no word from the worker within %s", timeout)
	}
}
