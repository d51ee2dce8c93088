// Package configured writes a run table that the configuration declares.
package configured

import (
	"database/sql"

	"store"
)

func write(db *sql.DB) {
	db.Exec("UPDATE legacy_runs SET st = 'done'")  // want `SQL UPDATE of table legacy_runs sets guarded column st \(store.Legacy.Status\)`
	db.Exec("UPDATE legacy_runs SET status = 'x'") // the column is st
	db.Exec("UPDATE legacy SET st = 'x'")          // the table is legacy_runs
	db.Exec("UPDATE legacies SET st = 'x'")        // not a default name either
}

func configuredWriter(u *store.ExportUpdate) {
	u.SetLegacyState("x") // want `call of \(\*store.ExportUpdate\).SetLegacyState, a writer of run type store.Legacy`
}
