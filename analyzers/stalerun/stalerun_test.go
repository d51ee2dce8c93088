package stalerun_test

import (
	"testing"

	"github.com/runtruth/runtruth/analyzers/stalerun"
	"github.com/runtruth/runtruth/internal/checktest"
)

func TestStaleRun(t *testing.T) {
	checktest.Run(t, checktest.TestData(), stalerun.Analyzer, "ui", "svc", "runs", "app", "jobs", "bg", "prog/...", "cfgapp/...")
}
