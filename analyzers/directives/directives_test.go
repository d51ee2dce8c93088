package directives_test

import (
	"testing"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/internal/checktest"
)

func TestDirectives(t *testing.T) {
	checktest.Run(t, checktest.TestData(), analyzers.Directives, "bad", "good", "user")
}
