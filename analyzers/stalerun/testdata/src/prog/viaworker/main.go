// Command viaworker reconciles in a queued worker that only the queue
// calls.
package main

import (
	"app"
	"jobs"
	"runs"
)

func main() {
	svc := &runs.Service{}
	var reg jobs.Registry
	reg.Add(jobs.NewReconcileWorker(svc))
	app.CreateBackup(svc)
}
