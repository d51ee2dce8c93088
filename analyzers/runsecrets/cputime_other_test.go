//go:build !unix

package runsecrets_test

import "time"

// cpuTime returns 0: the benchmark then reports wall time only.
func cpuTime() time.Duration { return 0 }
