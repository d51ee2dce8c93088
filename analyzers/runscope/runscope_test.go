package runscope_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers/runscope"
)

func TestRunScope(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), runscope.Analyzer,
		"github.com/runtruth/runtruth/oprun", "scopes", "users")
}
