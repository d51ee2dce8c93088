// Package web writes run rows through the real ORMs and query builders,
// outside their owners.
package web

import (
	"context"

	sq "github.com/Masterminds/squirrel"
	"github.com/doug-martin/goqu/v9"
	"github.com/jmoiron/sqlx"
	"github.com/uptrace/bun"
	"gorm.io/gorm"
	"xorm.io/xorm"

	"example.com/ormtest/models"
	"example.com/ormtest/models/queries"
)

func gormWrites(db *gorm.DB, job *models.ExportJob, jobs []models.SyncRun) {
	db.Model(job).Update("state", "failed")                                      // want `GORM write of guarded column state \(models.ExportJob.Status\) outside its owner packages; transition it through its owner package example.com/ormtest/models`
	db.Model(&models.ExportJob{}).Where("id = ?", 1).UpdateColumn("result", "x") // want `GORM write of guarded column result \(models.ExportJob.Outcome\)`
	db.Model(job).Updates(map[string]any{"state": "failed", "note": "x"})        // want `GORM write of guarded column state`
	db.Table("export_jobs").Where("id = ?", 1).Update("state", "failed")         // want `GORM write of guarded column state`
	db.Model(&jobs).Select("status").Updates(models.SyncRun{})                   // want `GORM write of guarded column status \(models.SyncRun.Status\)`
	db.Exec("UPDATE export_jobs SET state = ? WHERE id = ?", "failed", 1)        // want `SQL UPDATE of table export_jobs sets guarded column state`
}

func gormNearMisses(db *gorm.DB, job *models.ExportJob, other *struct{ State string }) {
	db.Model(job).Update("note", "x")
	db.Model(job).Where("state = ?", "failed").Find(&[]models.ExportJob{})
	db.Model(job).Order("state").Pluck("state", &[]string{})
	db.Model(other).Update("state", "x")
	db.Table("export_jobs_archive").Update("state", "x")
	db.Model(job).Select("state").Find(job)
}

func xormWrites(e *xorm.Engine, job *models.ExportJob) { // want xormWrites:"fates\\(stays,written\\)"
	e.ID(1).Cols("state").Update(job)                                             // want `xorm write of guarded column state \(models.ExportJob.Status\)`
	e.Table("sync_runs").Where("id = ?", 1).Update(map[string]any{"status": "x"}) // want `xorm write of guarded column status \(models.SyncRun.Status\)`
	e.ID(1).MustCols("result").Update(&models.ExportJob{})                        // want `xorm write of guarded column result`
	e.ID(1).AllCols().Update(job)                                                 // want `xorm write of guarded column state` `xorm write of guarded column result`
}

func xormNearMisses(e *xorm.Engine, job *models.ExportJob) { // want xormNearMisses:"fates\\(stays,written\\)"
	e.ID(1).Cols("note").Update(job)
	e.ID(1).Cols("state").Get(job)
	e.Where("state = ?", "failed").Find(&[]models.ExportJob{})
	e.ID(1).AllCols().Get(job)
}

func bunWrites(ctx context.Context, db *bun.DB, job *models.ExportJob) {
	db.NewUpdate().Model(job).Column("state").WherePK().Exec(ctx)        // want `bun write of guarded column state \(models.ExportJob.Status\)`
	db.NewUpdate().Model(job).Set("result = ?", "x").WherePK().Exec(ctx) // want `bun write of guarded column result`
}

func bunNearMisses(ctx context.Context, db *bun.DB, job *models.ExportJob) {
	db.NewSelect().Model(job).Column("state").Scan(ctx)
	db.NewUpdate().Model(job).Column("note").WherePK().Exec(ctx)
}

func squirrelWrites() {
	sq.Update("export_jobs").Set("state", "failed").Where("id = ?", 1).ToSql() // want `squirrel write of guarded column state \(models.ExportJob.Status\)`
	sq.Update("sync_runs").SetMap(map[string]any{"status": "x"}).ToSql()       // want `squirrel write of guarded column status`
	sq.Insert("sync_run").Columns("id", "status").Values(1, "x").ToSql()       // want `squirrel write of guarded column status`
}

func squirrelNearMisses() {
	sq.Select("state").From("export_jobs").Where("state = ?", "x")
	sq.Update("export_jobs").Set("note", "x").ToSql()
	sq.Update("other").Set("state", "x").ToSql()
}

func sqlxWrites(ctx context.Context, db *sqlx.DB, job *models.ExportJob) {
	db.NamedExecContext(ctx, "UPDATE export_jobs SET state = :state WHERE id = :id", job) // want `SQL UPDATE of table export_jobs sets guarded column state`
	db.MustExec("INSERT INTO sync_runs (id, status) VALUES ($1, $2)", 1, "queued")        // want `SQL INSERT into table sync_runs sets guarded column status`
	db.GetContext(ctx, job, "SELECT * FROM export_jobs WHERE state = $1", "failed")
}

func columnParams(e *xorm.Engine, job *models.ExportJob, cols []string) { // want columnParams:"fates\\(stays,written,stays\\)"
	models.UpdateExport(e, job, "note", "state")       // want `UpdateExport writes guarded column state \(models.ExportJob.Status\) outside its owner packages`
	models.UpdateExport(e, job, []string{"result"}...) // want `UpdateExport writes guarded column result \(models.ExportJob.Outcome\)`
	models.UpdateExport(e, job, "note")
	models.UpdateExport(e, job)
	models.UpdateExport(e, job, cols...)
	models.Touch(e, job, "state")
}

func generated(ctx context.Context, q *queries.Queries) {
	q.SetExportState(ctx, 1, "failed") // want `call of generated SetExportState, which writes guarded column state \(models.ExportJob.Status\), outside its owner packages`
	q.SetExportNote(ctx, 1, "x")
	q.GetExport(ctx, 1)
}

func goquWrites() {
	goqu.Update("export_jobs").Set(goqu.Record{"state": "failed"}).ToSQL()                              // want `goqu write of guarded column state \(models.ExportJob.Status\)`
	goqu.Insert("sync_runs").Rows(goqu.Record{"id": 1, "status": "queued"}).ToSQL()                     // want `goqu write of guarded column status \(models.SyncRun.Status\)`
	goqu.From("export_jobs").Where(goqu.C("id").Eq(1)).Update().Set(goqu.Record{"result": "x"}).ToSQL() // want `goqu write of guarded column result`
}

func goquNearMisses() {
	goqu.From("export_jobs").Select("state").Where(goqu.C("state").Eq("failed")).ToSQL()
	goqu.Update("export_jobs").Set(goqu.Record{"note": "x"}).ToSQL()
	goqu.Update("other").Set(goqu.Record{"state": "x"}).ToSQL()
}
