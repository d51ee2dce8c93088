// Package good uses every directive correctly; the analyzer stays silent.
//
//runtruth:provider
package good

import "context"

type Status string

type Outcome string

// Run is an operation run.
//
//runtruth:run sinks=Message owner=good/owners/...,other
type Run struct {
	ID      string
	Status  Status
	Outcome Outcome
	Message string
}

// Task guards its own fields.
//
//runtruth:run fields=Phase,Result
type Task struct{ Phase, Result string }

// Key is the summary key registry.
//
//runtruth:summarykeys
type Key string

const (
	KeyItems Key = "items"
	KeyBytes Key = "bytes"
)

// Scope is the ownership scope.
type Scope struct {
	//runtruth:scope
	Workspace string
	// Target is documented in prose first.
	//
	//runtruth:scope
	Target string
	//runtruth:secret
	APIKey string
	Note   string
}

// Token is secret.
//
//runtruth:secret
type Token string

// Evidence is customer-facing proof.
//
//runtruth:proof
type Evidence struct{ Verified bool }

// Notice is a notification.
//
//runtruth:notification
type Notice struct{ Text string }

// Link builds run links.
//
//runtruth:link /operations/runs/
func Link(id string) string { return "/operations/runs/" + id }

// Record reports counts.
//
//runtruth:summary counts
func Record(ctx context.Context, counts map[Key]int64) {}

// Loose reports counts keyed by string.
//
//runtruth:summary counts
func Loose(counts map[string]any) {}

// Note ends in a run message.
//
//runtruth:sink msg,detail
func Note(msg, detail string) {}

// Clean is a sanitizer.
//
//runtruth:sanitizer
func Clean(s string) string { return "" }

// Page renders.
//
//runtruth:render
type Page struct{}

// Fetch calls a provider.
//
//runtruth:provider
func (Page) Fetch() {}

// View renders.
//
//runtruth:render
func View() {}

// Client calls a provider.
//
//runtruth:provider
type Client struct{}

// runtruth is mentioned in prose: not a directive.
func Prose() {}
