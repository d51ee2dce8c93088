// Package notify tells customers about their runs.
package notify

import (
	"context"
	"fmt"

	"github.com/runtruth/runtruth/oprun"
)

// Done sends its own completion message with a hand-built link, next to
// the one oprun already sends.
func Done(ctx context.Context, n oprun.Notifier, run *oprun.Run) error {
	return n.Notify(ctx, oprun.Notification{
		RunID: run.ID,
		Link:  fmt.Sprintf("https://app.example.com/operations/runs/%s", run.ID),
	})
}

// Links returns a run's page and the run list page, both from the one
// link builder or without the run route.
func Links(runID string) (string, string) {
	return oprun.RunLink("https://app.example.com", runID), "https://app.example.com/operations/runs"
}
