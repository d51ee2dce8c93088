// Package sched runs functions periodically.
package sched

import "time"

// Every runs f every d.
func Every(d time.Duration, f func(time.Duration) int) {}

// EveryFunc runs f every d.
func EveryFunc(d time.Duration, f func()) {}
