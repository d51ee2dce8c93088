package oprun_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"sync/atomic"
	"time"

	"github.com/runtruth/runtruth/oprun"
)

// newExampleService returns a Service over a memory store, with
// predictable run IDs and a clock that the example moves by hand.
func newExampleService(now *time.Time, opts ...oprun.Option) *oprun.Service {
	catalog, err := oprun.NewCatalog(
		oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: 10 * time.Minute, Retryable: true, MaxAttempts: 3},
	)
	if err != nil {
		log.Fatal(err)
	}
	var n atomic.Int64
	svc, err := oprun.NewService(oprun.NewMemoryStore(), catalog, append([]oprun.Option{
		oprun.WithIDGenerator(func() string { return fmt.Sprintf("run-%d", n.Add(1)) }),
		oprun.WithClock(oprun.ClockFunc(func() time.Time { return *now })),
		oprun.WithLinkBase("https://app.example.com"),
	}, opts...)...)
	if err != nil {
		log.Fatal(err)
	}
	return svc
}

// The whole lifecycle of a job: started (once, however often it is
// requested), run by a worker that counts its work, completed, notified,
// and read back by an operator with its audit trail.
func Example() {
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	svc := newExampleService(&now, oprun.WithNotifier(oprun.NotifierFunc(
		func(_ context.Context, n oprun.Notification) error {
			fmt.Printf("notify %s: %s, %q, %s\n", n.Workspace, n.Outcome, n.Message, n.Link)
			return nil
		})))

	// A request handler asks for a backup. Asking twice starts it once.
	req := oprun.StartRequest{
		Type: "mailbox_backup",
		Scope: oprun.Scope{
			Workspace:          "contoso",
			ManagedEnvironment: "m365-contoso",
			TargetScope:        "mailbox:alice",
			Initiator:          "user:alice",
		},
		Identity: "backup:mailbox:alice",
		Context:  oprun.Context{"folders": 2, "include_archive": false},
		Notify:   true,
	}
	run, created, err := svc.Start(ctx, req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("start:", run.ID, run.Status, created)
	again, created, err := svc.Start(ctx, req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("start again:", again.ID, again.Status, created)

	// A worker picks it up, heartbeats and counts its work.
	if _, err := svc.MarkRunning(ctx, run.ID); err != nil {
		log.Fatal(err)
	}
	for range 2 {
		now = now.Add(time.Minute)
		if err := svc.Heartbeat(ctx, run.ID); err != nil {
			log.Fatal(err)
		}
		requested, err := svc.CancelRequested(ctx, run.ID)
		if err != nil {
			log.Fatal(err)
		}
		if requested {
			break // complete the run as cancelled
		}
		err = svc.IncrementMany(ctx, run.ID, map[oprun.SummaryKey]int64{
			oprun.SummaryItemsProcessed:   1,
			oprun.SummaryItemsSucceeded:   1,
			oprun.SummaryBytesTransferred: 2048,
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	run, err = svc.Complete(ctx, run.ID, oprun.OutcomeSucceeded, oprun.Reason{Message: "2 folders backed up"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("complete:", run.Status, run.Outcome, run.Summary)

	// Completed runs are immutable.
	_, err = svc.Fail(ctx, run.ID, oprun.Reason{Code: oprun.ReasonInternal})
	fmt.Println("fail afterwards:", errors.Is(err, oprun.ErrRunCompleted))

	// An operator of the workspace reads it; others do not even see it.
	admin := oprun.Actor{ID: "admin:bob", Workspaces: []string{"contoso"}, Operator: true}
	audit, err := svc.Audit(ctx, admin, run.ID)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range audit {
		fmt.Printf("audit: %s %s: %q -> %q (%s) by %s\n", e.At.Format(time.Kitchen), e.Event, e.From, e.To, e.Outcome, e.Actor)
	}
	outsider := oprun.Actor{ID: "admin:eve", Workspaces: []string{"fabrikam"}, Operator: true}
	_, err = svc.Get(ctx, outsider, run.ID)
	fmt.Println("outsider:", err)

	// Output:
	// start: run-1 queued true
	// start again: run-1 queued false
	// notify contoso: succeeded, "2 folders backed up", https://app.example.com/operations/runs/run-1
	// complete: completed succeeded map[bytes_transferred:4096 items_processed:2 items_succeeded:2]
	// fail afterwards: true
	// audit: 9:00AM started: "" -> "queued" (pending) by user:alice
	// audit: 9:00AM running: "queued" -> "running" (pending) by system:worker
	// audit: 9:02AM completed: "running" -> "completed" (succeeded) by system:worker
	// outsider: oprun: get run "run-1": run not found
}

// Cancelling a running run takes two steps: the operator asks, the worker
// stops.
func ExampleService_Cancel() {
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	svc := newExampleService(&now)
	scope := oprun.Scope{Workspace: "contoso", ManagedEnvironment: "m365-contoso", TargetScope: "site:finance", Initiator: "user:alice"}

	run, _, err := svc.Start(ctx, oprun.StartRequest{Type: "mailbox_backup", Scope: scope})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := svc.MarkRunning(ctx, run.ID); err != nil {
		log.Fatal(err)
	}

	admin := oprun.Actor{ID: "admin:bob", Workspaces: []string{"contoso"}, Operator: true}
	run, err = svc.Cancel(ctx, admin, run.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after cancel:", run.Status, run.CancelRequested)

	// The worker notices at its next check and stops.
	requested, err := svc.CancelRequested(ctx, run.ID)
	if err != nil {
		log.Fatal(err)
	}
	if requested {
		run, err = svc.Complete(ctx, run.ID, oprun.OutcomeCancelled, oprun.Reason{})
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("after worker:", run.Status, run.Outcome, run.Reason.Code)

	actions, err := svc.Actions(ctx, admin, run.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("retry %+v, cancel %+v\n", actions.Retry, actions.Cancel)

	// Output:
	// after cancel: running true
	// after worker: completed cancelled cancelled
	// retry {Allowed:true Denial:}, cancel {Allowed:false Denial:completed}
}

// A retry is a new run linked to the one it retries.
func ExampleService_Retry() {
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	svc := newExampleService(&now)
	scope := oprun.Scope{Workspace: "contoso", ManagedEnvironment: "m365-contoso", TargetScope: "mailbox:alice", Initiator: "user:alice"}

	run, _, err := svc.Start(ctx, oprun.StartRequest{Type: "mailbox_backup", Scope: scope})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := svc.MarkRunning(ctx, run.ID); err != nil {
		log.Fatal(err)
	}
	providerErr := &oprun.ProviderError{Provider: "graph", StatusCode: 503, RequestID: "req-42", Body: []byte("<html>…</html>")}
	if _, err := svc.Fail(ctx, run.ID, oprun.ReasonFrom(providerErr)); err != nil {
		log.Fatal(err)
	}

	admin := oprun.Actor{ID: "admin:bob", Workspaces: []string{"contoso"}, Operator: true}
	retry, err := svc.Retry(ctx, admin, run.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(retry.ID, "attempt", retry.Attempt, "of", retry.ParentID, "initiated by", retry.Scope.Initiator)

	_, err = svc.Retry(ctx, admin, run.ID)
	fmt.Println(err)

	// Output:
	// run-2 attempt 2 of run-1 initiated by admin:bob
	// oprun: retry run "run-1": retry not allowed: run already retried
}

// Stale runs are completed by the reconciler.
func ExampleService_ReconcileStale() {
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	svc := newExampleService(&now)
	scope := oprun.Scope{Workspace: "contoso", ManagedEnvironment: "m365-contoso", TargetScope: "mailbox:alice", Initiator: "user:alice"}

	run, _, err := svc.Start(ctx, oprun.StartRequest{Type: "mailbox_backup", Scope: scope})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := svc.MarkRunning(ctx, run.ID); err != nil {
		log.Fatal(err)
	}

	now = now.Add(15 * time.Minute) // the worker died
	n, err := svc.ReconcileStale(ctx)
	if err != nil {
		log.Fatal(err)
	}
	admin := oprun.Actor{ID: "admin:bob", Workspaces: []string{"contoso"}}
	run, err = svc.Get(ctx, admin, run.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, run.Outcome, run.Reason.Code, run.Reason.Message)

	// Output:
	// 1 failed stale no sign of life for 15m0s, more than the 10m0s allowed
}

func ExampleRedact() {
	fmt.Println(oprun.Redact("login as app with password=hunter2 failed"))
	fmt.Println(oprun.Redact("GET https://graph.example.com/v1/users?$top=5&access_token=eyJ0eXAi 401"))
	fmt.Println(oprun.Redact("Authorization: Bearer ya29.a0AfH6SMBx3kL9"))
	fmt.Println(oprun.Redact("token count 5, password reset email sent"))
	// Output:
	// login as app with password=[REDACTED] failed
	// GET https://graph.example.com/v1/users?$top=5&access_token=[REDACTED] 401
	// Authorization: [REDACTED]
	// token count 5, password reset email sent
}

func ExampleReasonFrom() {
	err := fmt.Errorf("list users: %w", &oprun.ProviderError{
		Provider:   "graph",
		StatusCode: 429,
		Code:       "TooManyRequests",
		RequestID:  "8f1c2a8e-2f4b-4c5e-9f6d-0a1b2c3d4e5f",
		Body:       []byte(`{"error":{"message":"…tenant data…"}}`),
	})
	r := oprun.ReasonFrom(err)
	fmt.Println(r.Code)
	fmt.Println(r.Message)
	// Output:
	// provider_throttled
	// graph returned HTTP 429 (TooManyRequests), request id 8f1c2a8e-2f4b-4c5e-9f6d-0a1b2c3d4e5f
}

func ExampleSecret() {
	type credentials struct {
		ClientID     string
		ClientSecret oprun.Secret
	}
	c := credentials{ClientID: "app-1", ClientSecret: oprun.NewSecret("s3cr3t")}
	b, err := json.Marshal(c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%v\n%+v\n%s\n", c, c, b)
	fmt.Println(len(c.ClientSecret.Reveal()))
	// Output:
	// {app-1 [REDACTED]}
	// {ClientID:app-1 ClientSecret:[REDACTED]}
	// {"ClientID":"app-1","ClientSecret":"[REDACTED]"}
	// 6
}

func ExampleRunLink() {
	fmt.Println(oprun.RunLink("https://app.example.com/", "run-1"))
	fmt.Println(oprun.RunLink("", "run/2"))
	// Output:
	// https://app.example.com/operations/runs/run-1
	// /operations/runs/run%2F2
}
