package taint_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/passes/taint"
)

// TestSummaries checks the summaries the pass exports as facts.
func TestSummaries(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taint.Analyzer, "sums", "recur", "odd")
}
