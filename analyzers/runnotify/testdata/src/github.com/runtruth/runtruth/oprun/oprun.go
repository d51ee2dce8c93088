// Package oprun is a small stand-in for the runtime lifecycle package.
package oprun

import "strings"

// RunLink returns the deep link to a run.
//
//runtruth:link /operations/runs/
func RunLink(base, runID string) string {
	return strings.TrimRight(base, "/") + "/operations/runs/" + runID // the builder's own package
}

// Notification tells a workspace that a run completed.
//
//runtruth:notification
type Notification struct {
	RunID     string
	Workspace string
	Link      string
}

type Service struct{ base string }

// StartRequest asks for a run.
type StartRequest struct {
	Type   string
	Notify bool
}

func (s *Service) notification(id, ws string) Notification {
	return Notification{RunID: id, Workspace: ws, Link: RunLink(s.base, id)} // the declaring package
}

type Notifier interface {
	Notify(n Notification) error
}
