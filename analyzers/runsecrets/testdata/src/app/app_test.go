package app

import (
	"context"
	"testing"

	"github.com/runtruth/runtruth/oprun"
)

func TestLeakInTest(t *testing.T) {
	token := "t0k3n"
	var svc *oprun.Service
	_ = func() { svc.Fail(context.Background(), "1", oprun.Reason{Message: token + "x"}) }
}
