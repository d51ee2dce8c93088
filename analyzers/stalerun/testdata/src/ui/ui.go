// Package ui renders runs.
package ui

import (
	"fmt"
	"time"

	"runs"
)

// Page shows a job.
//
//runtruth:render
func Page(j *runs.Job, s runs.Session, d time.Duration) string {
	if time.Since(j.HeartbeatAt) > 5*time.Minute { // want `render path Page compares run field runs.Job.HeartbeatAt with the current time, deriving staleness in the UI; reconcile stale runs in its owner package runs and render the status they record`
		return "stale"
	}
	if j.HeartbeatAt.Before(time.Now().Add(-d)) { // want `render path Page compares run field runs.Job.HeartbeatAt with the current time`
		return "stale"
	}
	now := time.Now().UTC()
	age := now.Sub(j.StartedAt)
	if age >= time.Hour { // want `render path Page compares run field runs.Job.StartedAt with the current time`
		return "slow"
	}
	if time.Since(*j.CompletedAt).Hours() < 1 { // want `render path Page compares run field runs.Job.CompletedAt with the current time`
		return "recent"
	}
	switch {
	case time.Now().After(j.StartedAt.Add(d)): // want `render path Page compares run field runs.Job.StartedAt with the current time`
		return "timed out"
	}
	if late(j) {
		return "late"
	}

	// Silent: showing a run's times, the elapsed time itself, times that
	// are no run's, and two run times compared.
	_ = j.StartedAt.Format(time.RFC3339)
	_ = fmt.Sprintf("started %s ago", time.Since(j.StartedAt).Round(time.Minute))
	if time.Since(s.ExpiresAt) > 0 {
		return "expired"
	}
	if j.CompletedAt != nil && j.CompletedAt.After(j.StartedAt) {
		return "done"
	}
	return j.Status
}

// late is called by the render path: part of it.
func late(j *runs.Job) bool {
	return time.Until(j.StartedAt) < -time.Hour // want `render path Page compares run field runs.Job.StartedAt with the current time`
}
