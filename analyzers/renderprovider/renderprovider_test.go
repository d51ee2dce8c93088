package renderprovider_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/runtruth/runtruth/analyzers/renderprovider"
)

func TestRenderProvider(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), renderprovider.Analyzer,
		"pages", "web", "views", "svc", "store", "graph", "lookalike", "sdkwrap",
		"github.com/microsoftgraph/msgraph-sdk-go")
}
