// Command all starts runs and schedules their reconciliation.
package main

import (
	"time"

	"app"
	"runs"
	"sched"
)

func main() {
	svc := &runs.Service{}
	app.CreateBackup(svc)
	sched.Every(time.Minute, svc.ReconcileStale)
}
