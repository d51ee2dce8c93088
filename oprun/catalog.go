package oprun

import (
	"fmt"
	"slices"
	"time"
)

// OperationSpec registers an operation type in a [Catalog].
type OperationSpec struct {
	// Type is the operation type; required and unique in the catalog.
	Type OperationType
	// StaleAfter is how long an active run of this type may go without a
	// heartbeat before [Service.ReconcileStale] completes it; required.
	StaleAfter time.Duration
	// QueueTimeout is how long a run of this type may stay queued, since
	// it was started or retried, before [Service.ReconcileStale] cancels
	// it; zero means StaleAfter. Set it to the longest wait in a job
	// queue you accept (a backlog, a retry's delay): a queued run shows
	// no sign of life until a worker starts it.
	QueueTimeout time.Duration
	// Retryable allows operators to retry a run that did not succeed.
	Retryable bool
	// MaxAttempts is the number of attempts a run may have, the first one
	// included. A retryable type needs at least 2; zero means 1 for a type
	// that is not retryable.
	MaxAttempts int
}

// Catalog is the immutable registry of operation types. Build it once
// with [NewCatalog]; it is safe for concurrent use.
type Catalog struct {
	specs map[OperationType]OperationSpec
}

// NewCatalog registers specs. It returns an error wrapping
// [ErrInvalidCatalog] when a type is empty or repeated, when StaleAfter is
// not positive, when QueueTimeout is negative, or when MaxAttempts does
// not fit Retryable.
func NewCatalog(specs ...OperationSpec) (*Catalog, error) {
	c := &Catalog{specs: make(map[OperationType]OperationSpec, len(specs))}
	for _, s := range specs {
		switch {
		case s.Type == "":
			return nil, fmt.Errorf("%w: empty operation type", ErrInvalidCatalog)
		case c.has(s.Type):
			return nil, fmt.Errorf("%w: operation type %q registered twice", ErrInvalidCatalog, s.Type)
		case s.StaleAfter <= 0:
			return nil, fmt.Errorf("%w: operation type %q: StaleAfter must be positive", ErrInvalidCatalog, s.Type)
		case s.QueueTimeout < 0:
			return nil, fmt.Errorf("%w: operation type %q: QueueTimeout must not be negative", ErrInvalidCatalog, s.Type)
		case s.MaxAttempts < 0:
			return nil, fmt.Errorf("%w: operation type %q: MaxAttempts must not be negative", ErrInvalidCatalog, s.Type)
		case s.Retryable && s.MaxAttempts < 2:
			return nil, fmt.Errorf("%w: operation type %q is retryable: MaxAttempts must be at least 2", ErrInvalidCatalog, s.Type)
		case !s.Retryable && s.MaxAttempts > 1:
			return nil, fmt.Errorf("%w: operation type %q is not retryable: MaxAttempts must be 0 or 1", ErrInvalidCatalog, s.Type)
		}
		if s.MaxAttempts == 0 {
			s.MaxAttempts = 1
		}
		if s.QueueTimeout == 0 {
			s.QueueTimeout = s.StaleAfter
		}
		c.specs[s.Type] = s
	}
	return c, nil
}

// allowedQuiet is how long a run of the spec's type with the given status
// may show no sign of life.
func (s OperationSpec) allowedQuiet(status Status) time.Duration {
	if status == StatusQueued {
		return s.QueueTimeout
	}
	return s.StaleAfter
}

func (c *Catalog) has(t OperationType) bool {
	_, ok := c.specs[t]
	return ok
}

// Lookup returns the spec of t, with MaxAttempts and QueueTimeout filled
// in.
func (c *Catalog) Lookup(t OperationType) (OperationSpec, bool) {
	s, ok := c.specs[t]
	return s, ok
}

// Types returns the registered operation types, sorted.
func (c *Catalog) Types() []OperationType {
	types := make([]OperationType, 0, len(c.specs))
	for t := range c.specs {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

func (c *Catalog) spec(t OperationType) (OperationSpec, error) {
	s, ok := c.specs[t]
	if !ok {
		return OperationSpec{}, fmt.Errorf("%w %q", ErrUnknownOperationType, string(t))
	}
	return s, nil
}
