package runsecrets_test

import (
	"testing"

	"github.com/runtruth/runtruth/analyzers/runsecrets"
	"github.com/runtruth/runtruth/internal/checktest"
)

func TestRunSecrets(t *testing.T) {
	checktest.Run(t, checktest.TestData(), runsecrets.Analyzer,
		"app", "custom", "cfgwords", "helpers", "github.com/runtruth/runtruth/oprun")
}
