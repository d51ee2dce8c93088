// Package decl declares things with directives.
//
//runtruth:provider
package decl

type Status string

// Run is a run.
//
//runtruth:run sinks=Message owner=mid/...
type Run struct {
	Status  Status
	Outcome string
	Message string
	//runtruth:secret
	Token string
}

// Key is a registry.
//
//runtruth:summarykeys
type Key string

const (
	KeyA Key = "a"
	keyB Key = "b"
)

// Link builds links.
//
//runtruth:link /runs/
func Link(id string) string { return "/runs/" + id }

// Send is a sink.
//
//runtruth:sink body
func Send(subject, body string) {}

// Counts takes counts.
//
//runtruth:summary m
func Counts(m map[string]int) {}
