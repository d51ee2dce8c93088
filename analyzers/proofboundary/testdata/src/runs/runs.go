// Package runs declares a run type with custom guarded fields.
package runs

import "time"

type Phase string

// Task is a run guarding a plain string, a Phase and a time.Time.
//
//runtruth:run fields=State,Phase,Finished owner=runs/...
type Task struct {
	ID       string
	State    string
	Phase    Phase
	Finished time.Time
	Label    string
}
