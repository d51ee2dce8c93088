// Command handler hands a starting method value to a router.
package main

import (
	"app"
	"runs"
)

func handle(path string, f func()) {}

func main() { // want `program starts runs of runs.Job`
	h := &app.Handler{S: &runs.Service{}}
	handle("/backups", h.Create)
}
