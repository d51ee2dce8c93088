package taint

import (
	"errors"
	"strings"
	"testing"
)

// TestGuard checks that a panic of the analysis becomes an error of the
// package, which the drivers report (exit status 3), instead of an empty
// result.
func TestGuard(t *testing.T) {
	if err := guard("solving", func() {}); err != nil {
		t.Fatalf("guard without a panic: %v", err)
	}
	err := guard("building SSA", func() { panic("no type for x") })
	var ie *InternalError
	if !errors.As(err, &ie) {
		t.Fatalf("guard with a panic returned %v, want an *InternalError", err)
	}
	if ie.Stage != "building SSA" || ie.Value != "no type for x" || !strings.Contains(ie.Stack, "TestGuard") {
		t.Errorf("InternalError %+v lacks the stage, the value or the stack", ie)
	}
	if msg := err.Error(); !strings.Contains(msg, "while building SSA: no type for x") {
		t.Errorf("message %q does not say what failed", msg)
	}
}
