//go:build race

package racebuild

// Enabled reports whether the program was built with -race.
const Enabled = true
