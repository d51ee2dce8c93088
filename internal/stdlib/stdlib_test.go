package stdlib

import "testing"

func TestIs(t *testing.T) {
	for path, want := range map[string]bool{
		"fmt":                       true,
		"net/http":                  true,
		"golang.org/x/tools/go/ssa": false,
		"jobs":                      false, // a GOPATH package of the tests' testdata
		"nosuch/pkg":                false,
	} {
		if got := Is(path); got != want {
			t.Errorf("Is(%q) = %v, want %v", path, got, want)
		}
	}
}
