// Command worker reconciles and starts nothing.
package main

import (
	"time"

	"runs"
	"sched"
)

func main() {
	svc := &runs.Service{}
	sched.Every(time.Minute, svc.ReconcileStale)
}
