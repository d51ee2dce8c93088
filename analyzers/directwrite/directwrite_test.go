package directwrite_test

import (
	"path/filepath"
	"testing"

	"github.com/runtruth/runtruth/analyzers/directwrite"
	"github.com/runtruth/runtruth/internal/checktest"
	"github.com/runtruth/runtruth/passes/model"
)

func TestDirectWrite(t *testing.T) {
	checktest.Run(t, checktest.TestData(), directwrite.Analyzer,
		"jobs", "jobs/worker", "jobs/worker/sub", "client", "rival", "cgouser", "store", "sqlclient", "entlike", "display", "display/api")
}

func TestIncludeTests(t *testing.T) {
	flags := &model.Analyzer.Flags
	if err := flags.Set("include-tests", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flags.Set("include-tests", "false") })
	checktest.Run(t, checktest.TestData(), directwrite.Analyzer, "withtests")
}

// TestConfiguredTable declares a run type's table and columns in the
// configuration (table:, columns:) instead of a directive.
func TestConfiguredTable(t *testing.T) {
	flags := &model.Analyzer.Flags
	settings := `{runs: [{type: store.Legacy, fields: [Status], owners: [store], table: legacy_runs, columns: {Status: st}}],
writers: [{func: "(*store.ExportUpdate).SetLegacyState", run: store.Legacy}]}`
	if err := flags.Set("settings", settings); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flags.Set("settings", "") })
	checktest.Run(t, checktest.TestData(), directwrite.Analyzer, "configured")
}

// TestORMs runs over a module that uses the real GORM, xorm, bun,
// squirrel and sqlx (testdata/orm/go.mod), and a sqlc-generated file.
func TestORMs(t *testing.T) {
	checktest.RunModule(t, filepath.Join(checktest.TestData(), "orm"), directwrite.Analyzer, "./...")
}
