// Package wrap declares its own builder of oprun's route: inside it, the
// route is not a hand-built link.
package wrap

import "github.com/runtruth/runtruth/oprun"

// Link builds a run link with the service's base.
//
//runtruth:link /operations/runs/
func Link(id string) string {
	if id == "" {
		return "https://app.example.com/operations/runs/"
	}
	return oprun.RunLink("https://app.example.com", id)
}
