// Package tracking follows backups for the customer dashboard.
package tracking

import (
	"time"

	"github.com/runtruth/runtruth/oprun"
)

// BackupJob is the dashboard's row for a backup. It keeps a copy of the
// run's status, which drifts from the run.
type BackupJob struct {
	RunID     string
	Mailboxes int
	Status    oprun.Status
	UpdatedAt time.Time
}

// Phase is where the dashboard's own import of a mailbox list is.
type Phase string

// MailboxImport keeps the run ID and its own phase, not the run's status.
type MailboxImport struct {
	RunID  string
	Status Phase
}

// Row reads the run for display instead of copying its status.
func Row(run *oprun.Run) (string, oprun.Status) {
	return run.ID, run.Status
}

// Track builds the dashboard's row for a run, copying its status.
func Track(run *oprun.Run, mailboxes int) BackupJob {
	return BackupJob{RunID: run.ID, Mailboxes: mailboxes, Status: run.Status, UpdatedAt: time.Now()}
}
