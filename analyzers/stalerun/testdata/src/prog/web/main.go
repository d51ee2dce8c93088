// Command web starts runs and reconciles none.
package main

import (
	"app"
	"runs"
)

func main() { // want `program starts runs of runs.Job \(\(\*runs.Service\).Start\) but reaches no reconciler of them, so its stale active runs stay active; run \(\*runs.Service\).ReconcileStale periodically in this program, or in a worker program analyzed with it`
	app.CreateBackup(&runs.Service{})
}
