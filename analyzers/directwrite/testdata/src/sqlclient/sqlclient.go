// Package sqlclient writes run tables with SQL, outside their owners.
package sqlclient

import (
	"context"
	"database/sql"
	"fmt"

	"entlike"
	"store"
)

const markFailed = `UPDATE export_jobs SET state = 'failed', note = $1 WHERE id = $2`

const prefix = "UPDATE export_jobs SET "

func writes(ctx context.Context, db *sql.DB, tx *sql.Tx) {
	db.ExecContext(ctx, "UPDATE export_jobs SET state = $1 WHERE id = $2", "failed", 1)                      // want `SQL UPDATE of table export_jobs sets guarded column state \(store.ExportJob.Status\) outside its owner packages; transition it through its owner package store`
	db.Exec(markFailed, "x", 1)                                                                              // want `UPDATE of table export_jobs sets guarded column state`
	tx.Exec(`UPDATE "public"."EXPORT_JOBS" e SET "result" = ?`, "ok")                                        // want `UPDATE of table export_jobs sets guarded column result \(store.ExportJob.Outcome\)`
	db.Exec(prefix + "state = 'x', result = 'y'")                                                            // want `sets guarded columns state \(store.ExportJob.Status\), result \(store.ExportJob.Outcome\)`
	db.Exec("INSERT INTO sync_runs (id, status) VALUES ($1, $2)", 1, "queued")                               // want `SQL INSERT into table sync_runs sets guarded column status \(store.SyncRun.Status\)`
	db.Exec("INSERT INTO export_jobs VALUES ($1, $2, $3, $4)")                                               // want `INSERT into table export_jobs sets guarded columns state \(store.ExportJob.Status\), result`
	db.Exec("INSERT INTO sync_run (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET status = excluded.status") // want `SQL UPDATE of table sync_run sets guarded column status`
	db.Exec("-- close it\nUPDATE backups_v2 SET phase = 'done'")                                             // want `UPDATE of table backups_v2 sets guarded column phase \(store.Backup.Status\)`
	fmt.Println("REPLACE INTO sync_runs (id, status) VALUES (1, 'x')")                                       // want `INSERT into table sync_runs sets guarded column status`
}

func nearMisses(ctx context.Context, db *sql.DB, dynamic string) {
	db.QueryContext(ctx, "SELECT state FROM export_jobs WHERE state = 'failed'")
	db.Exec("DELETE FROM export_jobs WHERE state = 'failed'")
	db.Exec("UPDATE export_jobs SET note = $1 WHERE state = 'failed'")
	db.Exec("UPDATE export_jobs_archive SET state = $1")
	db.Exec("UPDATE backups SET phase = 'x'")
	db.Exec("UPDATE backups_v2 SET status = 'x'")
	db.Exec("UPDATE other SET status = 'x'")
	db.Exec("INSERT INTO sync_runs (id) VALUES ($1)")
	db.Exec("INSERT INTO sync_runs (id) VALUES ($1) ON CONFLICT DO NOTHING")
	db.Exec("SELECT 'UPDATE export_jobs SET state = 1'")
	db.Exec("/* UPDATE export_jobs SET state = 1 */ SELECT 1")
	db.Exec("UPDATE export_jobs SET " + dynamic)
	db.Exec(dynamic)
}

func writers(u *store.ExportUpdate) {
	u.SetNote("x").SetState("failed") // want `call of \(\*store.ExportUpdate\).SetState, a writer of run type store.ExportJob, outside its owner packages`
	u.SetNote("x")
}

func entSetters(u *entlike.JobUpdateOne, c *entlike.JobCreate, o *entlike.Other) {
	u.SetNote("x").SetStatus("failed") // want `call of generated SetStatus, which writes guarded column status \(entlike.Job.Status\), outside its owner packages`
	c.SetStatus("queued")              // want `call of generated SetStatus, which writes guarded column status`
	u.SetNote("x")
	o.SetStatus("x")
}
