// Package legacy keeps the directory sync's own run model, from before the
// service adopted oprun. It annotates the model, so runtruth guards it too.
package legacy

import "time"

// SyncState is where a directory sync is.
type SyncState string

// SyncResult is how a directory sync ended.
type SyncResult string

// SyncJob is a directory sync run. Only this package and legacy/worker
// move it through its lifecycle.
//
//runtruth:run fields=State,Result owner=example.com/backupsvc/internal/legacy/...
type SyncJob struct {
	ID        string
	Workspace string
	State     SyncState
	Result    SyncResult
	Started   time.Time
}

// Begin moves a sync into its running state: the owner may.
func (j *SyncJob) Begin(now time.Time) {
	j.State = "running"
	j.Started = now
}

// Finish ends a sync.
func (j *SyncJob) Finish(result SyncResult) {
	j.State = "done"
	j.Result = result
}
