package oprun

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/runtruth/runtruth/internal/secretname"
)

// OperationType names a kind of operation (backup, restore, sync, …). A
// type must be registered in the [Catalog] before runs of it can start.
type OperationType string

// Scope is who owns a run. All four fields are required: a run is always
// read and acted on within its workspace and managed environment.
type Scope struct {
	// Workspace is the tenant the run belongs to.
	//
	//runtruth:scope
	Workspace string `json:"workspace"`
	// ManagedEnvironment is the customer environment the run works on, for
	// example a Microsoft 365 tenant.
	//
	//runtruth:scope
	ManagedEnvironment string `json:"managed_environment"`
	// TargetScope is what within the environment the run touches, for
	// example "mailbox:alice" or "site:finance".
	//
	//runtruth:scope
	TargetScope string `json:"target_scope"`
	// Initiator is who started the run: a user id or a service name.
	//
	//runtruth:scope
	Initiator string `json:"initiator"`
}

// Validate returns a [*ScopeError] naming every missing field, or nil.
func (s Scope) Validate() error {
	var missing []string
	for _, f := range [...]struct{ name, v string }{
		{"Workspace", s.Workspace},
		{"ManagedEnvironment", s.ManagedEnvironment},
		{"TargetScope", s.TargetScope},
		{"Initiator", s.Initiator},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if missing != nil {
		return &ScopeError{Missing: missing}
	}
	return nil
}

// Context is the flat, scalar context of a run: a few facts that help an
// operator understand it ("mailbox_count": 120, "dry_run": true). Values are
// strings, booleans, integers or floats; the [Service] stores them as
// string, bool, int64 or float64 after redaction.
type Context map[string]any

// Bounds on a run's context.
const (
	// MaxContextEntries bounds the number of keys in a run's context.
	MaxContextEntries = 32
	// MaxContextKeyLen bounds a context key, in bytes.
	MaxContextKeyLen = 64
	// MaxContextValueLen bounds a context string value, in bytes.
	MaxContextValueLen = 256
	// MaxIdentityLen bounds a run's identity key, in bytes.
	MaxIdentityLen = 256
)

// contextKeyRE is the shape of a context key. Compiled once, never modified.
var contextKeyRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.\-]*$`)

// Clone returns a copy of c; nil stays nil.
func (c Context) Clone() Context { return maps.Clone(c) }

// sanitizeContext validates kv and returns the values to store: keys
// checked (a key that [Redact] would change is refused), values normalised
// to string, bool, int64 or float64, strings redacted and bounded, and the
// value of a sensitive key replaced by [Redacted] whatever its type.
func sanitizeContext(kv Context) (Context, error) {
	if len(kv) == 0 {
		return nil, nil
	}
	if len(kv) > MaxContextEntries {
		return nil, &ContextError{Problem: fmt.Sprintf("%d entries, at most %d allowed", len(kv), MaxContextEntries)}
	}
	out := make(Context, len(kv))
	for k, v := range kv {
		if len(k) > MaxContextKeyLen || !contextKeyRE.MatchString(k) {
			return nil, &ContextError{Key: truncate(k, MaxContextKeyLen), Problem: "key must be a letter followed by letters, digits, '_', '.' or '-', at most 64 bytes"}
		}
		if Redact(k) != k {
			// Never repeat the key: it is the secret.
			return nil, &ContextError{Key: Redacted, Problem: "key looks like it contains a credential"}
		}
		nv, err := scalar(v)
		if err != nil {
			return nil, &ContextError{Key: k, Problem: err.Error()}
		}
		switch {
		case secretname.Default.Sensitive(k):
			nv = Redacted
		case isString(nv):
			nv = truncate(Redact(nv.(string)), MaxContextValueLen)
		}
		out[k] = nv
	}
	return out, nil
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// scalar normalises a flat scalar value, or reports why v is not one.
func scalar(v any) (any, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return v, nil
	case int64:
		return v, nil
	case int:
		return int64(v), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("value %v is not a finite number", v)
		}
		return v, nil
	case nil:
		return nil, fmt.Errorf("value is nil")
	case Secret:
		return nil, fmt.Errorf("value is a Secret; secrets never belong in a run context")
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return nil, fmt.Errorf("value %d overflows int64", u)
		}
		return int64(u), nil
	case reflect.Float32, reflect.Float64:
		return scalar(rv.Float())
	}
	return nil, fmt.Errorf("value of type %T is not a flat scalar (string, bool, integer or float)", v)
}

// Run is the operation-run record: the single truth about one execution
// of an operation. Only the [Service] changes it; read it with
// [Service.Get]. Store implementations, which live in this package or
// below it, also build Run values when they read them back.
//
//runtruth:run fields=Status,Outcome sinks=Reason,Context owner=github.com/runtruth/runtruth/oprun/...
type Run struct {
	// ID identifies the run.
	ID string `json:"id"`
	// Type is the run's operation type.
	Type OperationType `json:"type"`
	// Scope is who owns the run.
	Scope Scope `json:"scope"`
	// Status is where the run is in its lifecycle.
	Status Status `json:"status"`
	// Outcome is how the run ended; OutcomePending until it completes.
	Outcome Outcome `json:"outcome"`
	// Identity deduplicates starts: while a run with the same workspace,
	// type and identity is active, starting another returns it. Empty
	// means no deduplication.
	Identity string `json:"identity,omitempty"`
	// Attempt numbers the run within its retry chain, from 1.
	Attempt int `json:"attempt"`
	// ParentID is the run this one retries, if any.
	ParentID string `json:"parent_id,omitempty"`
	// Summary holds the run's counts by registered key.
	Summary map[SummaryKey]int64 `json:"summary,omitempty"`
	// Context is the run's flat, redacted context.
	Context Context `json:"context,omitempty"`
	// Reason explains the outcome.
	Reason Reason `json:"reason,omitzero"`
	// Notify records whether the run opted in to a notification when it
	// completes.
	Notify bool `json:"notify,omitempty"`
	// CancelRequested records that an operator asked the run to stop.
	CancelRequested bool `json:"cancel_requested,omitempty"`
	// CreatedAt is when the run was queued.
	CreatedAt time.Time `json:"created_at"`
	// StartedAt is when the run started running.
	StartedAt time.Time `json:"started_at,omitzero"`
	// HeartbeatAt is the last sign of life from its worker.
	HeartbeatAt time.Time `json:"heartbeat_at,omitzero"`
	// CompletedAt is when the run completed.
	CompletedAt time.Time `json:"completed_at,omitzero"`
	// Version counts the writes to the run, from 1; every write is a
	// compare-and-set on it.
	Version int64 `json:"version"`
}

// Clone returns a deep copy of r.
func (r *Run) Clone() *Run {
	if r == nil {
		return nil
	}
	c := *r
	c.Summary = maps.Clone(r.Summary)
	c.Context = maps.Clone(r.Context)
	return &c
}

// Active reports whether the run is queued or running.
func (r *Run) Active() bool { return r.Status.Active() }

// LastSeen is the last sign of life of the run: its last heartbeat, or
// when it was queued if it never had one. Staleness is measured from it.
func (r *Run) LastSeen() time.Time {
	if !r.HeartbeatAt.IsZero() {
		return r.HeartbeatAt
	}
	return r.CreatedAt
}

// StartRequest asks the [Service] to start a run.
type StartRequest struct {
	// Type must be registered in the Service's Catalog.
	Type OperationType
	// Scope must be complete.
	//
	//runtruth:scope
	Scope Scope
	// Identity, if set, deduplicates the start; see Run.Identity.
	Identity string
	// Context is the run's initial context; see Context.
	Context Context
	// Notify opts the run in to a notification when it completes.
	Notify bool
}

func validateIdentity(id string) error {
	if len(id) > MaxIdentityLen {
		return fmt.Errorf("%w: %d bytes, at most %d allowed", ErrInvalidIdentity, len(id), MaxIdentityLen)
	}
	if Redact(id) != id {
		return fmt.Errorf("%w: it looks like it contains a credential", ErrInvalidIdentity)
	}
	return nil
}
