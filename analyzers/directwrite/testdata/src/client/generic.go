package client

import "jobs"

func WriteGeneric(g *jobs.Generic[int], h jobs.Generic[string]) jobs.Generic[bool] {
	g.Status = "running" // want `direct write of guarded field jobs.Generic.Status`
	h.Payload = "not guarded"
	return jobs.Generic[bool]{Status: "x"} // want `jobs.Generic literal sets guarded field Status`
}

func Param[R interface{ ~struct{ Status jobs.Status } }](r R) R {
	return r // a type parameter is not a run type
}
