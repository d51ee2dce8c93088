package dupetruth_test

import (
	"testing"

	"github.com/runtruth/runtruth/analyzers/dupetruth"
	"github.com/runtruth/runtruth/internal/checktest"
)

func TestDupeTruth(t *testing.T) {
	checktest.Run(t, checktest.TestData(), dupetruth.Analyzer,
		"github.com/runtruth/runtruth/oprun", "jobs", "jobs/worker", "jobs/worker/sub", "tracker", "copies", "copies/use")
}
