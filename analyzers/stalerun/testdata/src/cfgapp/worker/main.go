// Command worker inserts and expires jobs.
package main

import (
	"cfgapp/store"
	"runs"
)

func main() {
	var s store.Store
	s.Insert(&runs.Job{})
	defer s.Expire()
}
