// Package bg schedules the reconciliation when imported.
package bg

import (
	"time"

	"runs"
	"sched"
)

var svc = &runs.Service{}

func init() {
	sched.Every(time.Minute, svc.ReconcileStale)
}
