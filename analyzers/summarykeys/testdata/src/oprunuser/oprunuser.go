// Package oprunuser counts through oprun's registry.
package oprunuser

import (
	"context"
	"strings"

	"github.com/runtruth/runtruth/oprun"
)

func Sync(ctx context.Context, svc *oprun.Service, id string, kind string, n int64) error {
	if err := svc.IncrementMany(ctx, id, map[oprun.SummaryKey]int64{
		oprun.SummaryItemsTotal: n,
		"items_procesed":        n, // want `unregistered summary key "items_procesed"; did you mean "items_processed"\? use an oprun.Summary\* constant`
		"Items_Failed":          1, // want `unregistered summary key "Items_Failed"; did you mean "items_failed"\? use an oprun.Summary\* constant`
		`retry`:                 2, // want `unregistered summary key "retry"; use an oprun.Summary\* constant`
	}); err != nil {
		return err
	}
	key := oprun.SummaryKey("items_" + strings.ToLower(kind))                    // want `conversion of a non-constant string to oprun.SummaryKey builds a dynamic summary key outside github.com/runtruth/runtruth/oprun; use an oprun.Summary\* constant`
	return svc.IncrementMany(ctx, id, map[oprun.SummaryKey]int64{key: n, "": 1}) // want `unregistered summary key ""; use an oprun.Summary\* constant`
}

const Skipped oprun.SummaryKey = "items_skipped" // want `summary key constant Skipped of type oprun.SummaryKey declared outside github.com/runtruth/runtruth/oprun registers nothing; use an oprun.Summary\* constant` `unregistered summary key "items_skipped"; use an oprun.Summary\* constant`

// Clean: registered constants, conversions of constants and of values
// that are already summary keys, and keys read back as strings.
func Clean(ctx context.Context, svc *oprun.Service, id string, keys []oprun.SummaryKey, counts map[oprun.SummaryKey]int64) error {
	for _, k := range keys {
		counts[oprun.SummaryKey(k)]++
		if string(k) == "items_total" || k == oprun.SummaryRetries {
			continue
		}
	}
	names := map[string]int64{"items_totl": 1, "anything": 2} // a plain string map that is not passed to a summary sink
	_ = names
	if k, ok := oprun.ParseKey("items_total"); ok {
		counts[k] = 1
	}
	return svc.IncrementMany(ctx, id, map[oprun.SummaryKey]int64{
		oprun.SummaryItemsTotal:                    int64(len(keys)),
		oprun.SummaryKey(oprun.SummaryItemsFailed): 1,
		"retries":                                2,
		oprun.SummaryKey("items_" + "processed"): 3,
	})
}
