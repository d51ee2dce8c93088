// Package models declares run types stored in tables, and writes them as
// their owner with the real ORMs.
package models

import (
	"xorm.io/xorm"
)

// ExportJob is stored in export_jobs, its TableName; its columns are
// named by its tags.
//
//runtruth:run fields=Status,Outcome
type ExportJob struct {
	ID      int64  `db:"id" xorm:"pk autoincr 'id'"`
	Status  string `db:"state" gorm:"column:state" bun:"state" xorm:"'state'"`
	Outcome string `db:"result" gorm:"column:result" bun:"result" xorm:"'result'"`
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

// UpdateExport updates the listed columns of an export job, as gitea's
// UpdateRunJob does: a caller outside models that lists a guarded column
// writes it.
func UpdateExport(e *xorm.Engine, job *ExportJob, cols ...string) error { // want UpdateExport:"columnparam\\(2, example.com/ormtest/models.ExportJob\\)" UpdateExport:"fates\\(stays,written,stays\\)"
	sess := e.ID(job.ID)
	if len(cols) > 0 {
		sess.Cols(cols...)
	}
	_, err := sess.Update(job)
	return err
}

// Touch takes columns but lists them nowhere: no fact.
func Touch(e *xorm.Engine, job *ExportJob, cols ...string) error { // want Touch:"fates\\(stays,written,stays\\)"
	_, err := e.ID(job.ID).Update(job)
	return err
}
