// Package oprun is a small stand-in for the runtime lifecycle package.
package oprun

import "context"

// SummaryKey names a summary count of a run.
//
//runtruth:summarykeys
type SummaryKey string

const (
	SummaryItemsTotal     SummaryKey = "items_total"
	SummaryItemsProcessed SummaryKey = "items_processed"
	SummaryItemsFailed    SummaryKey = "items_failed"
	SummaryRetries        SummaryKey = "retries"
)

type Service struct{}

// IncrementMany adds counts.
//
//runtruth:summary counts
func (s *Service) IncrementMany(ctx context.Context, id string, counts map[SummaryKey]int64) error {
	return nil
}

// ParseKey is oprun's own conversion: the registry's package may convert.
func ParseKey(s string) (SummaryKey, bool) {
	k := SummaryKey(s)
	switch k {
	case SummaryItemsTotal, SummaryItemsProcessed, SummaryItemsFailed, SummaryRetries:
		return k, true
	}
	return "", false
}
