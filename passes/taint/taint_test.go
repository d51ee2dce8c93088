package taint_test

import (
	"testing"

	"github.com/runtruth/runtruth/internal/checktest"
	"github.com/runtruth/runtruth/passes/taint"
)

// TestSummaries checks the summaries the pass exports as facts.
func TestSummaries(t *testing.T) {
	checktest.Run(t, checktest.TestData(), taint.Analyzer, "sums", "recur", "odd")
}
