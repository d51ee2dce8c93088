package runsecrets_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers/runsecrets"
)

func TestRunSecrets(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), runsecrets.Analyzer,
		"app", "custom", "cfgwords", "helpers", "github.com/runtruth/runtruth/oprun")
}
