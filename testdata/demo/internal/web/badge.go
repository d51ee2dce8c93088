package web

import (
	"context"
	"io"
	"time"

	"github.com/runtruth/runtruth/oprun"
)

// RunBadge shows a run's state on the dashboard. It labels a run stalled
// from its heartbeat while rendering, instead of showing the status that
// the service's reconciliation records.
type RunBadge struct {
	Run *oprun.Run
}

// Render is a templ-style component.
func (p RunBadge) Render(ctx context.Context, w io.Writer) error {
	if time.Since(p.Run.HeartbeatAt) > 10*time.Minute {
		_, err := io.WriteString(w, "stalled")
		return err
	}
	_, err := io.WriteString(w, string(p.Run.Status))
	return err
}

// RunAge shows how long ago a run started: a run's time shown, not its
// state decided, so no finding.
func RunAge(r *oprun.Run) string {
	return "started " + time.Since(r.StartedAt).Round(time.Minute).String() + " ago"
}
