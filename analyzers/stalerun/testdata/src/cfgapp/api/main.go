// Command api creates jobs through the store's interface.
package main

import (
	"cfgapp/store"
	"runs"
)

func main() { // want `program starts runs of runs.Job \(store.Jobs.Create\)`
	var jobs store.Jobs
	if jobs != nil {
		jobs.Create(&runs.Job{})
	}
}
