package reach_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/passes/reach"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reach.Analyzer,
		"graph", "github.com/aws/aws-sdk-go-v2/service/s3", "store", "svc", "plain")
}
