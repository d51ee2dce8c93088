package runnotify_test

import (
	"testing"

	"github.com/runtruth/runtruth/analyzers/runnotify"
	"github.com/runtruth/runtruth/internal/checktest"
)

func TestRunNotify(t *testing.T) {
	checktest.Run(t, checktest.TestData(), runnotify.Analyzer,
		"github.com/runtruth/runtruth/oprun", "notify", "indirect", "indirect/user", "wrap", "app")
}
