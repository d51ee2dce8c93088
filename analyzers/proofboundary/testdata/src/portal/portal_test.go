package portal

import (
	"testing"

	"github.com/runtruth/runtruth/oprun"

	"evidence"
)

func TestFixture(t *testing.T) {
	var run oprun.Run
	_ = evidence.Clean{Result: evidence.Result(run.Status)} // test files are not checked unless include-tests is set
}
