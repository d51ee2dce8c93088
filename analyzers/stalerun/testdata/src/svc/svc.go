// Package svc reconciles runs: the same comparison is its job.
package svc

import (
	"time"

	"runs"
)

func Reconcile(jobs []*runs.Job) {
	for _, j := range jobs {
		if time.Since(j.HeartbeatAt) > 5*time.Minute {
			j.Status = "failed"
		}
	}
}
