package proofboundary_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers/proofboundary"
)

func TestProofBoundary(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), proofboundary.Analyzer,
		"github.com/runtruth/runtruth/oprun", "runs", "evidence", "portal")
}
