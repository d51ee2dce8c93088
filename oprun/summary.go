package oprun

import (
	"cmp"
	"fmt"
	"slices"
)

// SummaryKey names a summary count of a run. The registered keys are
// exactly the constants below; the summarykeys analyzer rejects any other.
//
//runtruth:summarykeys
type SummaryKey string

// The registered summary keys.
const (
	// SummaryItemsTotal: items the run intends to process.
	SummaryItemsTotal SummaryKey = "items_total"
	// SummaryItemsProcessed: items the run has looked at, whatever the result.
	SummaryItemsProcessed SummaryKey = "items_processed"
	// SummaryItemsSucceeded: items processed successfully.
	SummaryItemsSucceeded SummaryKey = "items_succeeded"
	// SummaryItemsFailed: items that could not be processed.
	SummaryItemsFailed SummaryKey = "items_failed"
	// SummaryItemsSkipped: items deliberately left alone.
	SummaryItemsSkipped SummaryKey = "items_skipped"
	// SummaryBytesTransferred: payload bytes moved to or from a provider.
	SummaryBytesTransferred SummaryKey = "bytes_transferred"
	// SummaryProviderRequests: calls made to a provider API.
	SummaryProviderRequests SummaryKey = "provider_requests"
	// SummaryRetries: provider calls or items retried within the run.
	SummaryRetries SummaryKey = "retries"
)

// Registered reports whether k is one of the registered summary keys.
func (k SummaryKey) Registered() bool {
	switch k {
	case SummaryItemsTotal, SummaryItemsProcessed, SummaryItemsSucceeded, SummaryItemsFailed,
		SummaryItemsSkipped, SummaryBytesTransferred, SummaryProviderRequests, SummaryRetries:
		return true
	}
	return false
}

// SummaryKeys returns the registered summary keys.
func SummaryKeys() []SummaryKey {
	return []SummaryKey{
		SummaryItemsTotal,
		SummaryItemsProcessed,
		SummaryItemsSucceeded,
		SummaryItemsFailed,
		SummaryItemsSkipped,
		SummaryBytesTransferred,
		SummaryProviderRequests,
		SummaryRetries,
	}
}

// SummaryDelta is one increment of a summary count, as handed to
// [Store.IncrementSummary].
type SummaryDelta struct {
	Key   SummaryKey
	Delta int64
}

// summaryDeltas validates counts and returns them sorted by key, so that
// stores see a deterministic order (and SQL stores lock rows in one order).
func summaryDeltas(counts map[SummaryKey]int64) ([]SummaryDelta, error) {
	deltas := make([]SummaryDelta, 0, len(counts))
	for k, d := range counts {
		if err := checkDelta(k, d); err != nil {
			return nil, err
		}
		deltas = append(deltas, SummaryDelta{Key: k, Delta: d})
	}
	slices.SortFunc(deltas, func(a, b SummaryDelta) int { return cmp.Compare(a.Key, b.Key) })
	return deltas, nil
}

func checkDelta(k SummaryKey, d int64) error {
	if !k.Registered() {
		return fmt.Errorf("%w %q", ErrUnregisteredSummaryKey, string(k))
	}
	if d < 0 {
		return fmt.Errorf("%w: %s %d is negative", ErrInvalidDelta, k, d)
	}
	return nil
}
