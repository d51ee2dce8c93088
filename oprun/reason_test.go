package oprun_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/runtruth/runtruth/oprun"
)

func TestReasonFrom(t *testing.T) {
	body := []byte(`{"error":{"code":"InvalidAuthenticationToken","message":"Access token eyJ0eXAi is empty","innerError":{"client-secret":"s3cr3t"}}}`)
	for _, tc := range []struct {
		name string
		err  error
		want oprun.Reason
	}{
		{"nil", nil, oprun.Reason{}},
		{"throttled", &oprun.ProviderError{Provider: "graph", StatusCode: 429, Code: "TooManyRequests", RequestID: "8f1c2a8e-2f4b-4c5e-9f6d-0a1b2c3d4e5f", Body: body},
			oprun.Reason{Code: oprun.ReasonProviderThrottled, Message: "graph returned HTTP 429 (TooManyRequests), request id 8f1c2a8e-2f4b-4c5e-9f6d-0a1b2c3d4e5f"}},
		{"unauthorized, wrapped", fmt.Errorf("list users: %w", &oprun.ProviderError{Provider: "graph", StatusCode: 401, Code: "InvalidAuthenticationToken", Body: body}),
			oprun.Reason{Code: oprun.ReasonUnauthorized, Message: "graph returned HTTP 401 (InvalidAuthenticationToken)"}},
		{"forbidden", &oprun.ProviderError{StatusCode: 403}, oprun.Reason{Code: oprun.ReasonUnauthorized, Message: "provider returned HTTP 403"}},
		{"not found", &oprun.ProviderError{StatusCode: 404}, oprun.Reason{Code: oprun.ReasonNotFound, Message: "provider returned HTTP 404"}},
		{"conflict", &oprun.ProviderError{StatusCode: 409}, oprun.Reason{Code: oprun.ReasonConflict, Message: "provider returned HTTP 409"}},
		{"bad request", &oprun.ProviderError{StatusCode: 400}, oprun.Reason{Code: oprun.ReasonInvalidInput, Message: "provider returned HTTP 400"}},
		{"gateway timeout", &oprun.ProviderError{StatusCode: 504}, oprun.Reason{Code: oprun.ReasonTimeout, Message: "provider returned HTTP 504"}},
		{"unavailable", &oprun.ProviderError{StatusCode: 503}, oprun.Reason{Code: oprun.ReasonProviderUnavailable, Message: "provider returned HTTP 503"}},
		{"server error", &oprun.ProviderError{StatusCode: 500}, oprun.Reason{Code: oprun.ReasonProviderError, Message: "provider returned HTTP 500"}},
		{"transport timeout", &oprun.ProviderError{Provider: "graph", Err: context.DeadlineExceeded},
			oprun.Reason{Code: oprun.ReasonTimeout, Message: "graph call failed"}},
		{"hostile code and request id", &oprun.ProviderError{Provider: "graph", StatusCode: 500, Code: "Bad <script> code", RequestID: "0123456789abcdef0123456789abcdef"},
			oprun.Reason{Code: oprun.ReasonProviderError, Message: "graph returned HTTP 500 (Badscriptcode), request id [REDACTED]"}},
		{"deadline", fmt.Errorf("sync: %w", context.DeadlineExceeded), oprun.Reason{Code: oprun.ReasonTimeout, Message: "operation timed out"}},
		{"cancelled", context.Canceled, oprun.Reason{Code: oprun.ReasonCancelled, Message: "operation cancelled"}},
		{"network timeout", &url.Error{Op: "Get", URL: "https://u:p@x.example.com/?token=abc", Err: &net.DNSError{Err: "i/o timeout", IsTimeout: true}},
			oprun.Reason{Code: oprun.ReasonTimeout, Message: "network timeout"}},
		{"anything else", errors.New("pq: password authentication failed for user app password=hunter2"),
			oprun.Reason{Code: oprun.ReasonInternal, Message: "internal error"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := oprun.ReasonFrom(tc.err)
			assert.Equal(t, tc.want, got)
			if tc.err != nil {
				assert.True(t, got.Code.Registered())
				assert.NotContains(t, got.Message, "s3cr3t")
				assert.NotContains(t, got.Message, "eyJ0eXAi")
				assert.NotContains(t, got.Message, "hunter2")
			}
		})
	}
}

func TestProviderError(t *testing.T) {
	cause := errors.New("connection reset")
	err := &oprun.ProviderError{Provider: "graph", StatusCode: 502, Code: "BadGateway", RequestID: "r-1", Body: []byte("secret body"), Err: cause}
	assert.Equal(t, "provider graph call failed: HTTP 502 BadGateway (request id r-1): connection reset", err.Error())
	assert.NotContains(t, fmt.Sprint(err), "secret body")
	assert.ErrorIs(t, err, cause)
	assert.Equal(t, "provider call failed", (&oprun.ProviderError{}).Error())
}

func TestReasonCodesRegistered(t *testing.T) {
	for _, c := range oprun.ReasonCodes() {
		assert.True(t, c.Registered(), c)
	}
	assert.Len(t, oprun.ReasonCodes(), 12)
	assert.False(t, oprun.ReasonCode("boom").Registered())
	assert.False(t, oprun.ReasonCode("").Registered())
}
