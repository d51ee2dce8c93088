// Package admin serves operator endpoints.
package admin

import (
	"context"
	"database/sql"

	"example.com/backupsvc/internal/gen/models"
	"example.com/backupsvc/internal/legacy"
	"github.com/runtruth/runtruth/oprun"
)

// ForceFinish lets an operator end a stuck sync by hand, bypassing its
// owner: runtruth reports the write.
func ForceFinish(job *legacy.SyncJob) {
	job.State = "done"
	job.Result = "forced"
}

// RetryExport puts a failed export back in the queue by editing its row.
func RetryExport(row *models.ExportJob) {
	row.Status = "queued"
	row.Message = "retried by an operator"
}

// RunStore keeps run records.
type RunStore interface{ Save(run oprun.Run) error }

// ImportHistoric rebuilds a run record from an old export file and stores it.
func ImportHistoric(store RunStore, id string) error {
	return store.Save(oprun.Run{ID: id, Status: oprun.StatusCompleted, Outcome: oprun.OutcomeSucceeded})
}

// Backfill marks historic syncs as done during a one-off migration.
func Backfill(jobs []legacy.SyncJob) {
	for i := range jobs {
		//runtruth:allow directwrite one-off migration of rows written before the legacy worker existed
		jobs[i].State = "done"
		jobs[i].Result = "imported" //runtruth:allow directwrite
	}
}

// Describe only reads: nothing to report.
func Describe(job legacy.SyncJob, row models.ExportJob) string {
	return string(job.State) + "/" + row.Status //runtruth:allow directwrite reads need no allow
}

// ResetExport marks an export failed with SQL, bypassing the export
// package that owns the export_jobs rows.
func ResetExport(ctx context.Context, db *sql.DB, id string) error {
	_, err := db.ExecContext(ctx, "UPDATE export_jobs SET status = 'failed' WHERE id = $1", id)
	return err
}
