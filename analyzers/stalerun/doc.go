// Package stalerun defines an Analyzer that reports staleness of runs
// derived in the UI instead of reconciled, and programs that start runs
// and reconcile none.
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
//
// A program that starts runs of a run type must also reconcile them, or
// run beside a program that does: a run whose worker died stays active
// forever otherwise. A function marked //runtruth:start T starts runs of
// run type T ((*oprun.Service).Start is one), a function marked
// //runtruth:reconciler T reconciles its stale active runs
// ((*oprun.Service).ReconcileStale); the configuration's starts: and
// reconcilers: declare more. A program reaches what it references, across
// packages: a call, but also a method value handed to a scheduler
// (sched.Every(time.Minute, runs.ReconcileStale)), a job worker it
// creates whose methods reach a reconciler (a queue calls them through an
// interface), a call of an interface method of a reconciler's name, and
// what the packages' init functions and variable initializers reach.
//
// The analyzer reports func main of each main package that reaches a
// start of T and no reconciler of T:
//
//	program starts runs of oprun.Run ((*oprun.Service).Start) but reaches no reconciler of them, so its stale active runs stay active; run (*oprun.Service).ReconcileStale periodically in this program, or in a worker program analyzed with it
//
// The runtruth command leaves the finding out when another main package
// that it analyzes in the same run (runtruth ./...) reaches a reconciler
// of T: a web server that starts runs and a worker that reconciles them
// pass together. go vet and golangci-lint analyze one package at a time
// and do not combine programs: under them, each program that starts runs
// must reach a reconciler itself, or carry
// //runtruth:allow stalerun reconciled by cmd/worker on its func main.
package stalerun

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
