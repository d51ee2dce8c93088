// Command viaiface reconciles through an interface.
package main

import (
	"time"

	"app"
	"runs"
)

type reconciler interface{ ReconcileStale(time.Duration) int }

func main() {
	svc := &runs.Service{}
	app.CreateBackup(svc)
	var r reconciler = svc
	r.ReconcileStale(time.Minute)
}
