package withtests

import (
	"testing"

	"jobs"
)

func TestFixture(t *testing.T) {
	var j jobs.Job
	j.Status = "completed" // want `direct write of guarded field jobs.Job.Status`
}
