package proofboundary_test

import (
	"testing"

	"github.com/runtruth/runtruth/analyzers/proofboundary"
	"github.com/runtruth/runtruth/internal/checktest"
)

func TestProofBoundary(t *testing.T) {
	checktest.Run(t, checktest.TestData(), proofboundary.Analyzer,
		"github.com/runtruth/runtruth/oprun", "runs", "evidence", "portal")
}
