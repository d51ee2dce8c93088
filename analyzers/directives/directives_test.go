package directives_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers"
)

func TestDirectives(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzers.Directives, "bad", "good", "user")
}
