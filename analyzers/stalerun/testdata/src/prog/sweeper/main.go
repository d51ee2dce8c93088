// Command sweeper starts runs and calls a method that only looks like a
// reconciler.
package main

import (
	"app"
	"runs"
	"sched"
	"time"
)

func main() { // want `program starts runs of runs.Job`
	svc := &runs.Service{}
	app.CreateBackup(svc)
	sched.EveryFunc(time.Minute, svc.Sweep)
}
