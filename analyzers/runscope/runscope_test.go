package runscope_test

import (
	"testing"

	"github.com/runtruth/runtruth/analyzers/runscope"
	"github.com/runtruth/runtruth/internal/checktest"
)

func TestRunScope(t *testing.T) {
	checktest.Run(t, checktest.TestData(), runscope.Analyzer,
		"github.com/runtruth/runtruth/oprun", "scopes", "users")
}
