package users

import (
	"testing"

	"github.com/runtruth/runtruth/oprun"
)

func TestFixture(t *testing.T) {
	_ = oprun.Scope{Workspace: "w"} // test files are not checked unless include-tests is set
	_ = oprun.Scope{}
}
