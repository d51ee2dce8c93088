// Command allowed starts runs that another program reconciles.
package main

import (
	"app"
	"runs"
)

//runtruth:allow stalerun reconciled by prog/worker, deployed beside it
func main() {
	app.CreateBackup(&runs.Service{})
}
