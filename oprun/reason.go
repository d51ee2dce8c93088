package oprun

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// ReasonCode is a registered, machine-readable cause of a run's outcome.
type ReasonCode string

// The registered reason codes.
const (
	// ReasonStale: the run stopped sending heartbeats and was reconciled.
	ReasonStale ReasonCode = "stale"
	// ReasonCancelled: the run was cancelled on request.
	ReasonCancelled ReasonCode = "cancelled"
	// ReasonTimeout: the run or a call it made ran out of time.
	ReasonTimeout ReasonCode = "timeout"
	// ReasonProviderError: a provider API failed.
	ReasonProviderError ReasonCode = "provider_error"
	// ReasonProviderThrottled: a provider API throttled the run.
	ReasonProviderThrottled ReasonCode = "provider_throttled"
	// ReasonProviderUnavailable: a provider API was unavailable.
	ReasonProviderUnavailable ReasonCode = "provider_unavailable"
	// ReasonUnauthorized: credentials were missing, expired or lacked consent.
	ReasonUnauthorized ReasonCode = "unauthorized"
	// ReasonNotFound: a resource the run needed does not exist.
	ReasonNotFound ReasonCode = "not_found"
	// ReasonConflict: a resource was changed by someone else.
	ReasonConflict ReasonCode = "conflict"
	// ReasonInvalidInput: the run's input was rejected.
	ReasonInvalidInput ReasonCode = "invalid_input"
	// ReasonBlockedByPolicy: a policy forbids the run.
	ReasonBlockedByPolicy ReasonCode = "blocked_by_policy"
	// ReasonInternal: an unexpected error in the service itself.
	ReasonInternal ReasonCode = "internal"
)

// Registered reports whether c is one of the registered reason codes.
func (c ReasonCode) Registered() bool {
	switch c {
	case ReasonStale, ReasonCancelled, ReasonTimeout, ReasonProviderError, ReasonProviderThrottled,
		ReasonProviderUnavailable, ReasonUnauthorized, ReasonNotFound, ReasonConflict,
		ReasonInvalidInput, ReasonBlockedByPolicy, ReasonInternal:
		return true
	}
	return false
}

// ReasonCodes returns the registered reason codes.
func ReasonCodes() []ReasonCode {
	return []ReasonCode{
		ReasonStale,
		ReasonCancelled,
		ReasonTimeout,
		ReasonProviderError,
		ReasonProviderThrottled,
		ReasonProviderUnavailable,
		ReasonUnauthorized,
		ReasonNotFound,
		ReasonConflict,
		ReasonInvalidInput,
		ReasonBlockedByPolicy,
		ReasonInternal,
	}
}

// Reason explains a run's outcome: a registered code and a message that is
// safe to show to the run's workspace. The [Service] redacts and bounds the
// message before it is stored; build it with [ReasonFrom] when it comes from
// an error.
type Reason struct {
	Code    ReasonCode `json:"code,omitempty"`
	Message string     `json:"message,omitempty"`
}

// ProviderError is the error a provider client returns for a failed call to
// a remote API. [ReasonFrom] turns it into a [Reason] from its status code,
// provider error code and request id; its body never leaves it.
type ProviderError struct {
	// Provider names the remote API, for example "graph".
	Provider string
	// StatusCode is the HTTP status code, or 0 when no response arrived.
	StatusCode int
	// Code is the provider's error code, for example "TooManyRequests".
	Code string
	// RequestID is the provider's request id, quoted in support tickets.
	RequestID string
	// Body is the raw response body. It may hold tenant data or
	// credentials, so neither Error nor ReasonFrom ever include it.
	//
	//runtruth:secret
	Body []byte
	// Err is the underlying transport error, if any.
	Err error
}

// Error describes the failure by provider, status, code and request id.
func (e *ProviderError) Error() string {
	var b strings.Builder
	b.WriteString("provider ")
	if e.Provider != "" {
		b.WriteString(e.Provider)
		b.WriteString(" ")
	}
	b.WriteString("call failed")
	if e.StatusCode != 0 {
		b.WriteString(": HTTP ")
		b.WriteString(strconv.Itoa(e.StatusCode))
	}
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying transport error.
func (e *ProviderError) Unwrap() error { return e.Err }

// maxReasonToken bounds a provider code or request id quoted in a message.
const maxReasonToken = 64

// ReasonFrom maps err to a registered reason code and a message that is
// safe to store: for a [*ProviderError] (anywhere in err's chain), its HTTP
// status code, provider error code and request id; for deadlines,
// cancellation and network timeouts, a fixed text. The text of err itself
// is never used, so provider bodies and credentials cannot leak through it.
// ReasonFrom(nil) is the zero Reason.
//
//runtruth:sanitizer
func ReasonFrom(err error) Reason {
	if err == nil {
		return Reason{}
	}
	if pe, ok := errors.AsType[*ProviderError](err); ok {
		return providerReason(pe)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return Reason{Code: ReasonTimeout, Message: "operation timed out"}
	case errors.Is(err, context.Canceled):
		return Reason{Code: ReasonCancelled, Message: "operation cancelled"}
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return Reason{Code: ReasonTimeout, Message: "network timeout"}
	}
	return Reason{Code: ReasonInternal, Message: "internal error"}
}

func providerReason(pe *ProviderError) Reason {
	code := ReasonProviderError
	switch s := pe.StatusCode; {
	case s == 401 || s == 403:
		code = ReasonUnauthorized
	case s == 404 || s == 410:
		code = ReasonNotFound
	case s == 409 || s == 412:
		code = ReasonConflict
	case s == 408 || s == 504:
		code = ReasonTimeout
	case s == 429:
		code = ReasonProviderThrottled
	case s == 502 || s == 503:
		code = ReasonProviderUnavailable
	case s == 400 || s == 422:
		code = ReasonInvalidInput
	case s == 0 && pe.Err != nil && errors.Is(pe.Err, context.DeadlineExceeded):
		code = ReasonTimeout
	}

	var b strings.Builder
	if p := safeToken(pe.Provider); p != "" {
		b.WriteString(p)
	} else {
		b.WriteString("provider")
	}
	if pe.StatusCode != 0 {
		fmt.Fprintf(&b, " returned HTTP %d", pe.StatusCode)
	} else {
		b.WriteString(" call failed")
	}
	if c := safeToken(pe.Code); c != "" {
		b.WriteString(" (")
		b.WriteString(c)
		b.WriteString(")")
	}
	if id := safeToken(pe.RequestID); id != "" {
		b.WriteString(", request id ")
		b.WriteString(id)
	}
	return Reason{Code: code, Message: b.String()}
}

// safeToken keeps an identifier-like value (a provider error code or a
// request id): it drops every character outside [A-Za-z0-9._:-], bounds the
// length and redacts what still looks like a secret.
func safeToken(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() == maxReasonToken {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '.', r == '_', r == ':', r == '-':
			b.WriteRune(r)
		}
	}
	return Redact(b.String())
}
