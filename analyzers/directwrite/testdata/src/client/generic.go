package client

import "jobs"

func WriteGeneric(g *jobs.Generic[int], h jobs.Generic[string]) jobs.Generic[bool] { // want WriteGeneric:"built\\(Status at client/generic.go:8\\)"
	g.Status = "running" // want `direct write of guarded field jobs.Generic.Status`
	h.Payload = "not guarded"
	return jobs.Generic[bool]{Status: "x"} // returned: its callers' to write
}

func Param[R interface{ ~struct{ Status jobs.Status } }](r R) R {
	return r // a type parameter is not a run type
}
