package withtests

import (
	"testing"

	"jobs"
)

var fixture jobs.Job

func TestFixture(t *testing.T) {
	fixture.Status = "completed" // want `direct write of guarded field jobs.Job.Status`
}
