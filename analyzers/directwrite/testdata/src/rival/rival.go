// Package rival declares its own run type and owns it.
package rival

// Task is a run whose guarded fields are named by fields=.
//
//runtruth:run fields=Phase
type Task struct {
	Phase  string
	Status string
}

func Advance(t *Task) {
	t.Phase = "done"
	t.Status = "free"
}
