package dupetruth_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers/dupetruth"
)

func TestDupeTruth(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dupetruth.Analyzer,
		"github.com/runtruth/runtruth/oprun", "jobs", "jobs/worker", "jobs/worker/sub", "tracker")
}
