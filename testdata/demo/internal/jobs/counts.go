package jobs

import (
	"context"

	"github.com/runtruth/runtruth/oprun"
)

// recordProviderCalls counts a batch against the run, with a misspelled
// key and a key made up at run time: neither is registered.
func recordProviderCalls(ctx context.Context, runs *oprun.Service, runID, provider string, n int64) error {
	return runs.IncrementMany(ctx, runID, map[oprun.SummaryKey]int64{
		"items_procesed":                         n,
		oprun.SummaryKey(provider + "_requests"): 1,
	})
}

// recordRestore counts with registered keys only.
func recordRestore(ctx context.Context, runs *oprun.Service, runID string, ok, failed int64) error {
	return runs.IncrementMany(ctx, runID, map[oprun.SummaryKey]int64{
		oprun.SummaryItemsProcessed: ok + failed,
		oprun.SummaryItemsFailed:    failed,
	})
}
