package reach_test

import (
	"testing"

	"github.com/runtruth/runtruth/internal/checktest"
	"github.com/runtruth/runtruth/passes/reach"
)

func TestFacts(t *testing.T) {
	checktest.Run(t, checktest.TestData(), reach.Analyzer,
		"graph", "github.com/aws/aws-sdk-go-v2/service/s3", "store", "svc", "plain")
}
