// Package stalerun defines an Analyzer that reports staleness of runs
// derived in the UI instead of reconciled.
//
// # Analyzer stalerun
//
// stalerun: stale runs are reconciled by the service, never labelled by
// the UI
//
// A page that compares a run's heartbeat or update time with the current
// time and shows "stale" or "failed" decides the run's state where no one
// records it: the run stays active in the store, no reconciliation runs,
// no operator is told, and the next page may decide differently. Reconcile
// stale active runs in the service (oprun's (*oprun.Service).ReconcileStale,
// or the run type's owner packages) and render the status it records.
//
// In a render path (the render entry points of the renderprovider check,
// and the functions of their package that they call), the analyzer
// reports a comparison of a run type's time field (a field of type
// time.Time or *time.Time) with the current time:
//
//   - the elapsed time since or until it (time.Since(run.HeartbeatAt),
//     time.Until, now.Sub(run.StartedAt), run.UpdatedAt.Sub(now), and
//     what is computed from them, such as .Minutes()) compared with
//     anything: time.Since(run.HeartbeatAt) > 5*time.Minute;
//   - the field, or a deadline computed from it, compared with the current
//     time by Before, After, Compare or Equal:
//     run.UpdatedAt.Before(time.Now().Add(-d)),
//     time.Now().After(run.StartedAt.Add(timeout)).
//
// The current time is time.Now() and what is computed from it (Add,
// Truncate, UTC, …). Values flow through local variables of the function.
//
// Where the line is: showing a run's times is fine. Formatting a run's
// time (run.StartedAt.Format(…)), or the elapsed time itself ("started
// 5 minutes ago" from time.Since(run.StartedAt).Round(time.Minute)), does
// not decide the run's state and is not reported; comparing it does.
// Comparisons of times that are not a run's (a session's expiry), of two
// run times (run.CompletedAt.After(run.StartedAt)), and the same code in
// services and jobs are not reported.
//
//	render path Page compares run field oprun.Run.HeartbeatAt with the current time, deriving staleness in the UI; reconcile stale runs with (*oprun.Service).ReconcileStale and render the status it records
package stalerun

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
