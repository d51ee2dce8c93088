package tracker

import "github.com/runtruth/runtruth/oprun"

// fixture is in a test file: not checked unless include-tests is set.
type fixture struct {
	Status oprun.Status
}
