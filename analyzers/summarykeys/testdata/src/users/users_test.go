package users

import (
	"testing"

	"inv"
)

func TestFixture(t *testing.T) {
	take("not_registered_in_tests") // test files are not checked unless include-tests is set
	_ = inv.CountKey(t.Name())
	const fixture inv.CountKey = "fixture"
	_ = fixture
}
