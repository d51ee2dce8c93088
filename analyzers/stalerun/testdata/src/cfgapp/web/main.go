// Command web inserts jobs and expires none.
package main

import (
	"cfgapp/store"
	"runs"
)

func main() { // want `program starts runs of runs.Job \(\(\*store.Store\).Insert\) but reaches no reconciler of them, so its stale active runs stay active; run one of \(\*runs.Service\).ReconcileStale, \(\*store.Store\).Expire periodically`
	var s store.Store
	s.Insert(&runs.Job{})
}
