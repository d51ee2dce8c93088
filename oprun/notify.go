package oprun

import (
	"context"
	"net/url"
	"strings"
)

// runRoute is the route of a run's page. [RunLink] is the only place that
// builds a link from it.
const runRoute = "/operations/runs/"

// RunLink returns the deep link to a run's page: base (a URL such as
// "https://app.example.com", or "" for a relative link) followed by the run
// route and the escaped run ID. It is the only link builder for runs.
//
//runtruth:link /operations/runs/
func RunLink(base, runID string) string {
	return strings.TrimRight(base, "/") + runRoute + url.PathEscape(runID)
}

// Notification tells a run's workspace that the run completed. The
// [Service] builds it when a run that opted in completes; nothing else
// constructs one.
//
//runtruth:notification
type Notification struct {
	RunID      string        `json:"run_id"`
	Workspace  string        `json:"workspace"`
	Type       OperationType `json:"type"`
	Outcome    Outcome       `json:"outcome"`
	ReasonCode ReasonCode    `json:"reason_code,omitempty"`
	// Message is the run's redacted reason message.
	Message string `json:"message,omitempty"`
	// Link is the run's deep link, from RunLink.
	Link string `json:"link"`
	// IdempotencyKey is unique per terminal transition; a receiver that
	// may see a notification twice drops the second by this key.
	IdempotencyKey string `json:"idempotency_key"`
}

// newNotification builds the notification of a completed run.
func newNotification(r *Run, linkBase string) Notification {
	return Notification{
		RunID:          r.ID,
		Workspace:      r.Scope.Workspace,
		Type:           r.Type,
		Outcome:        r.Outcome,
		ReasonCode:     r.Reason.Code,
		Message:        r.Reason.Message,
		Link:           RunLink(linkBase, r.ID),
		IdempotencyKey: notificationKey(r.ID),
	}
}

// notificationKey is the idempotency key of the notification of a run's
// completion: a run completes once, so it has at most one.
func notificationKey(runID string) string {
	return runID + ":" + string(StatusCompleted)
}

// Notifier delivers notifications: email, chat, webhooks. Notify should
// return an error when delivery failed, so that the notification stays in
// the outbox for [Service.DeliverPending].
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// NotifierFunc adapts a function to [Notifier].
type NotifierFunc func(ctx context.Context, n Notification) error

// Notify calls f.
func (f NotifierFunc) Notify(ctx context.Context, n Notification) error { return f(ctx, n) }
