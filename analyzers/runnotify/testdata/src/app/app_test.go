package app

import (
	"testing"

	"github.com/runtruth/runtruth/oprun"
)

func TestFixture(t *testing.T) {
	want := "/operations/runs/" + "r1" // test files are not checked unless include-tests is set
	_ = oprun.Notification{RunID: "r1", Link: want}
}
