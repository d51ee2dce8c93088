package sub

import "jobs"

func Cancel(j *jobs.Job) { j.Status = "completed"; j.Outcome = "cancelled" }
