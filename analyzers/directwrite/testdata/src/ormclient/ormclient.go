// Package ormclient writes run rows through ORMs and query builders,
// outside their owners.
package ormclient

import (
	"context"

	sq "github.com/Masterminds/squirrel"
	"github.com/uptrace/bun"
	"gorm.io/gorm"
	"xorm.io/xorm"

	"store"
	"store/queries"
)

func gormWrites(db *gorm.DB, job *store.ExportJob, jobs []store.SyncRun) {
	db.Model(job).Update("state", "failed")                                     // want `GORM write of guarded column state \(store.ExportJob.Status\) outside its owner packages; transition it through its owner package store`
	db.Model(&store.ExportJob{}).Where("id = ?", 1).UpdateColumn("result", "x") // want `GORM write of guarded column result \(store.ExportJob.Outcome\)`
	db.Model(job).Updates(map[string]any{"state": "failed", "note": "x"})       // want `GORM write of guarded column state`
	db.Table("export_jobs").Where("id = ?", 1).Update("state", "failed")        // want `GORM write of guarded column state`
	db.Model(&jobs).Select("status").Updates(store.SyncRun{})                   // want `GORM write of guarded column status \(store.SyncRun.Status\)`
}

func gormNearMisses(db *gorm.DB, job *store.ExportJob, other *struct{ State string }) {
	db.Model(job).Update("note", "x")
	db.Model(job).Where("state = ?", "failed").Find(&[]store.ExportJob{})
	db.Model(job).Order("state").Pluck("state", &[]string{})
	db.Model(other).Update("state", "x")
	db.Table("export_jobs_archive").Update("state", "x")
	db.Model(job).Select("state").Find(job)
}

func xormWrites(e *xorm.Engine, job *store.ExportJob) {
	e.ID(1).Cols("state").Update(job)                                             // want `xorm write of guarded column state \(store.ExportJob.Status\)`
	e.Table("sync_runs").Where("id = ?", 1).Update(map[string]any{"status": "x"}) // want `xorm write of guarded column status \(store.SyncRun.Status\)`
	e.ID(1).MustCols("result").Update(&store.ExportJob{})                         // want `xorm write of guarded column result`
}

func xormNearMisses(e *xorm.Engine, job *store.ExportJob) {
	e.ID(1).Cols("note").Update(job)
	e.ID(1).Cols("state").Get(job)
	e.Where("state = ?", "failed").Find(&[]store.ExportJob{})
}

func bunWrites(ctx context.Context, db *bun.DB, job *store.ExportJob) {
	db.NewUpdate().Model(job).Column("state").WherePK().Exec(ctx)        // want `bun write of guarded column state \(store.ExportJob.Status\)`
	db.NewUpdate().Model(job).Set("result = ?", "x").WherePK().Exec(ctx) // want `bun write of guarded column result`
}

func bunNearMisses(ctx context.Context, db *bun.DB, job *store.ExportJob) {
	db.NewSelect().Model(job).Column("state").Scan(ctx)
	db.NewUpdate().Model(job).Column("note").WherePK().Exec(ctx)
}

func squirrelWrites() {
	sq.Update("export_jobs").Set("state", "failed").Where("id = ?", 1).ToSql() // want `squirrel write of guarded column state \(store.ExportJob.Status\)`
	sq.Update("sync_runs").SetMap(map[string]any{"status": "x"}).ToSql()       // want `squirrel write of guarded column status`
	sq.Insert("sync_run").Columns("id", "status").Values(1, "x").ToSql()       // want `squirrel write of guarded column status`
}

func squirrelNearMisses() {
	sq.Select("state").From("export_jobs").Where("state = ?", "x")
	sq.Update("export_jobs").Set("note", "x").ToSql()
	sq.Update("other").Set("state", "x").ToSql()
}

func columnParams(e *xorm.Engine, job *store.ExportJob, cols []string) {
	store.UpdateExport(e, job, "note", "state")       // want `UpdateExport writes guarded column state \(store.ExportJob.Status\) outside its owner packages`
	store.UpdateExport(e, job, []string{"result"}...) // want `UpdateExport writes guarded column result \(store.ExportJob.Outcome\)`
	store.UpdateExport(e, job, "note")
	store.UpdateExport(e, job)
	store.UpdateExport(e, job, cols...)
	store.Touch(e, job, "state")
}

func generated(ctx context.Context, q *queries.Queries) {
	q.SetExportState(ctx, 1, "failed") // want `call of generated SetExportState, which writes guarded column state \(store.ExportJob.Status\), outside its owner packages`
	q.SetExportNote(ctx, 1, "x")
	q.GetExport(ctx, 1)
}

func writers(u *store.ExportUpdate) {
	u.SetNote("x").SetState("failed") // want `call of \(\*store.ExportUpdate\).SetState, a writer of run type store.ExportJob, outside its owner packages`
	u.SetNote("x")
}
