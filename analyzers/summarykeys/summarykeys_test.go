package summarykeys_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers/summarykeys"
)

func TestSummaryKeys(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), summarykeys.Analyzer,
		"github.com/runtruth/runtruth/oprun", "inv", "thirdparty", "users", "oprunuser")
}
