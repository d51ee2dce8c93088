// Command ifacestart calls a Start method through an interface: that is
// no start of runs (a server's Start, say).
package main

import "runs"

type starter interface{ Start(string) *runs.Job }

func main() {
	var s starter
	if s != nil {
		s.Start("x")
	}
}
