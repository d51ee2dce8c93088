package runnotify_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers/runnotify"
)

func TestRunNotify(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), runnotify.Analyzer,
		"github.com/runtruth/runtruth/oprun", "notify", "indirect", "indirect/user", "wrap", "app")
}
