package cgouser

// #include <stdlib.h>
import "C"

import "jobs"

func Write(j *jobs.Job) C.int {
	j.Status = "running" // want `direct write of guarded field jobs.Job.Status`
	return C.int(1)
}
