// Package oprun keeps operation runs the single execution truth of a
// service.
//
// An operation run ([Run]) is the record of queued, remote or long-running
// work: a backup, a restore, a sync, a report, an evidence capture against
// a provider API. Its lifecycle is owned by one [Service]; every other
// package asks the Service to change it, and the runtruth analyzers report
// code that writes a run's status or outcome anywhere else.
//
// # Lifecycle
//
// A run is queued, then running, then completed:
//
//	queued ──▶ running ──▶ completed (succeeded, partially_succeeded, failed, blocked, cancelled)
//	   └───────────────────▶ completed (cancelled, blocked)
//
// Its [Outcome] is pending until it completes; a completed run never
// changes again. [Transitions] exports this table and [CheckTransition]
// applies it; every Service method goes through it.
//
// A worker starts a run with [Service.Start] (deduplicated by identity),
// moves it to running with [Service.MarkRunning], keeps it alive with
// [Service.Heartbeat], counts its work with [Service.Increment] and
// [Service.IncrementMany] (registered [SummaryKey] values only), records
// facts with [Service.UpdateContext], and ends it with [Service.Complete],
// [Service.Fail] or [Service.Block]. Operators read runs with
// [Service.Get] and [Service.Audit], learn what they may do with
// [Service.Actions], and act with [Service.Cancel] (two-phase for a running
// run: a request the worker honours) and [Service.Retry] (a new attempt
// linked to its parent). [Service.ReconcileStale] completes runs whose
// worker went quiet, with reason code [ReasonStale].
//
// # Tenancy, secrets and notifications
//
// Reads and operator actions take an [Actor] and are checked against the
// run's [Scope]; a run outside the actor's workspaces is reported as not
// found. Messages and context are redacted ([Redact]) and bounded before
// they are stored; [ReasonFrom] maps an error to a registered
// [ReasonCode] and a safe message, and [Secret] keeps credentials out of
// logs and JSON. When a run that opted in completes, the Service writes a
// [Notification], with the run's one deep link from [RunLink], to the
// store's outbox with the transition and hands it to the [Notifier].
//
// # Storage
//
// Runs are kept behind the [Store] interface, whose documentation is the
// contract every implementation follows: compare-and-set writes on status
// and version, at most one active run per identity, atomic summary
// increments, and a transactional outbox. [MemoryStore] implements it in
// memory; packages sqlitestore (an embedded SQLite file, the durable
// default for one node) and pgstore (PostgreSQL, for many workers on many
// machines) keep runs durably; package storetest checks any
// implementation against it.
//
// # Directives
//
// The package annotates its declarations with //runtruth: directives
// (run, scope, summarykeys, summary, sink, sanitizer, secret,
// notification, link), so that a service using it is checked by the
// runtruth analyzers without configuration.
package oprun
