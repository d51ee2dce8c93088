// Package api uses what package display builds.
package api

import (
	"display"

	"jobs"
)

// Show reads the built steps.
func Show(own []*jobs.Job) int {
	n := 0
	for _, j := range display.Steps(own, true) {
		if j.Status.Done() {
			n++
		}
	}
	return n
}

// Save writes them: reported here, through the Built fact.
func Save(st display.Store, own []*jobs.Job) { // want Save:"fates\\(stays,written\\)"
	for _, j := range display.Steps(own, false) { // want `display.Steps returns a jobs.Job built with guarded field Status set \(display/display.go:16\), and it is written here`
		st.Save(j)
	}
}

// Again returns them on: its callers decide.
func Again(own []*jobs.Job) []*jobs.Job { // want Again:"built\\(Status at display/display.go:16\\)" Again:"fates\\(returned\\)"
	return display.Steps(own, false)
}
