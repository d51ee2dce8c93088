package directwrite_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers/directwrite"
)

func TestDirectWrite(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), directwrite.Analyzer,
		"jobs", "jobs/worker", "jobs/worker/sub", "client", "rival")
}
