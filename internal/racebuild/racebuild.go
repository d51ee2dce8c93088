// Package racebuild tells whether the program was built with the race
// detector, so that a test that runs the go command can build the same
// way: go vet -race reuses the standard library and dependencies that go
// test -race has compiled already, instead of compiling them a second time
// without it.
package racebuild

// Flags returns the build flags of the running program that change how
// packages compile: ["-race"] under the race detector, else none.
func Flags() []string {
	if Enabled {
		return []string{"-race"}
	}
	return nil
}
