package client

import (
	"testing"

	"jobs"
)

func TestFixture(t *testing.T) {
	var j jobs.Job
	j.Status = "completed" // test files are not checked unless include-tests is set
	_ = jobs.Job{Status: "x"}
}
