// Package oprun is a stand-in for the runtime lifecycle package, with the
// same directives.
package oprun

import (
	"context"
	"errors"
)

type Status string

type Outcome string

const OutcomeFailed Outcome = "failed"

type ReasonCode string

const (
	ReasonProviderError ReasonCode = "provider_error"
	ReasonUnauthorized  ReasonCode = "unauthorized"
	ReasonInternal      ReasonCode = "internal"
)

// Reason explains a run's outcome.
type Reason struct {
	Code    ReasonCode
	Message string
}

// Context is a run's flat context.
type Context map[string]any

// Scope is who owns a run.
type Scope struct {
	Workspace, ManagedEnvironment, TargetScope, Initiator string
}

// Run is the run record.
//
//runtruth:run fields=Status,Outcome sinks=Reason,Context
type Run struct {
	ID      string
	Status  Status
	Outcome Outcome
	Reason  Reason
	Context Context
}

// StartRequest asks for a run.
type StartRequest struct {
	Type     string
	Scope    Scope
	Identity string
	Context  Context
	Notify   bool
}

// Notification tells a workspace that a run completed.
//
//runtruth:notification
type Notification struct {
	RunID   string
	Message string
	Link    string
}

// Secret holds a credential and formats as [REDACTED].
//
//runtruth:secret
type Secret struct{ v string }

func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the secret value.
func (s Secret) Reveal() string { return s.v }

// String redacts.
//
//runtruth:sanitizer
func (Secret) String() string { return "[REDACTED]" }

// ProviderError is a failed provider call.
type ProviderError struct {
	StatusCode int
	Code       string
	// Body is the raw response.
	//
	//runtruth:secret
	Body []byte
}

func (e *ProviderError) Error() string { return "provider call failed: " + e.Code }

// ReasonFrom maps an error to a reason.
//
//runtruth:sanitizer
func ReasonFrom(err error) Reason {
	var pe *ProviderError
	if errors.As(err, &pe) {
		return Reason{Code: ReasonProviderError, Message: "provider call failed"}
	}
	return Reason{Code: ReasonInternal, Message: "internal error"}
}

// Redact replaces secrets in s.
//
//runtruth:sanitizer
func Redact(s string) string {
	if len(s) > 8 {
		return "[REDACTED]"
	}
	return s
}

// RunLink builds a run's link.
//
//runtruth:link /operations/runs/
func RunLink(base, runID string) string { return base + "/operations/runs/" + runID }

// Service owns runs.
type Service struct{ runs map[string]*Run }

// Start queues a run.
//
//runtruth:sink req
func (s *Service) Start(ctx context.Context, req StartRequest) (*Run, bool, error) {
	r := &Run{ID: "1", Context: req.Context}
	return r, true, nil
}

// UpdateContext merges kv into a run's context.
//
//runtruth:sink kv
func (s *Service) UpdateContext(ctx context.Context, id string, kv Context) error {
	r := s.runs[id]
	for k, v := range kv {
		r.Context[k] = v
	}
	return nil
}

// Fail fails a run.
//
//runtruth:sink reason
func (s *Service) Fail(ctx context.Context, id string, reason Reason) (*Run, error) {
	r := s.runs[id]
	r.Reason = Reason{Code: reason.Code, Message: Redact(reason.Message)}
	return r, nil
}

// Complete completes a run.
//
//runtruth:sink reason
func (s *Service) Complete(ctx context.Context, id string, outcome Outcome, reason Reason) (*Run, error) {
	return s.Fail(ctx, id, reason)
}

func newNotification(r *Run, base string) Notification {
	return Notification{RunID: r.ID, Message: r.Reason.Message, Link: RunLink(base, r.ID)}
}
