// Package store declares run types stored in tables, and writes them as
// their owner.
package store

import "database/sql"

// ExportJob is stored in export_jobs, its TableName; its columns are
// named by its tags.
//
//runtruth:run fields=Status,Outcome
type ExportJob struct {
	ID      int64  `db:"id"`
	Status  string `db:"state"`
	Outcome string `gorm:"column:result;not null"`
	Note    string `db:"note"`
}

func (ExportJob) TableName() string { return "export_jobs" }

// SyncRun is stored in sync_run or sync_runs.
//
//runtruth:run
type SyncRun struct {
	ID     int64
	Status string
}

// Backup is stored where its directive says.
//
//runtruth:run table=backups_v2 columns=Status:phase
type Backup struct {
	ID     int64
	Status string
}

// Finish is the owner's own write: silent.
func Finish(db *sql.DB, id int64) error {
	_, err := db.Exec("UPDATE export_jobs SET state = 'done' WHERE id = $1", id)
	return err
}

// Legacy is a run type only where the configuration declares it.
type Legacy struct {
	ID     int64
	Status string
}

// ExportUpdate is an update builder in the style of ent's generated code.
type ExportUpdate struct{}

// SetState sets the state column.
//
//runtruth:writer store.ExportJob
func (u *ExportUpdate) SetState(s string) *ExportUpdate { return u }

// SetNote sets the note column.
func (u *ExportUpdate) SetNote(s string) *ExportUpdate { return u }

// SetLegacyState is a writer only where the configuration declares it.
func (u *ExportUpdate) SetLegacyState(s string) *ExportUpdate { return u }
