// Package indirect imports oprun, so that its importers see oprun's link
// builder through the package fact.
package indirect

import "github.com/runtruth/runtruth/oprun"

func Link(id string) string { return oprun.RunLink("", id) }
