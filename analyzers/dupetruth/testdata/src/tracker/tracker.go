package tracker

import (
	"github.com/runtruth/runtruth/oprun"

	"jobs"
)

// Job keeps a competing copy of the run's status.
type Job struct {
	RunID   string
	Status  oprun.Status   // want `^field Job.Status keeps its own copy of run status oprun.Status \(competing run truth\); keep the run ID and read the run through oprun with \(\*oprun.Service\).Get$`
	Outcome *oprun.Outcome // want `Job.Outcome keeps its own copy of run outcome oprun.Outcome`
	Meta    struct {
		Last oprun.Status // want `Job.Meta.Last keeps its own copy of run status oprun.Status`
	}
}

type Holders struct {
	History       []oprun.Status              // want `Holders.History keeps its own copy of run status`
	Ring          [4]oprun.Outcome            // want `Holders.Ring keeps its own copy of run outcome`
	ByID          map[string]oprun.Status     // want `Holders.ByID keeps its own copy of run status`
	Counts        map[oprun.Outcome]int       // want `Holders.Counts keeps its own copy of run outcome`
	Updates       chan oprun.Status           // want `Holders.Updates keeps its own copy of run status`
	Nested        map[string][]*oprun.Outcome // want `Holders.Nested keeps its own copy of run outcome`
	A, B          oprun.Status                // want `Holders.A keeps` `Holders.B keeps`
	JobState      jobs.JobStatus              // want `^field Holders.JobState keeps its own copy of run status jobs.JobStatus \(competing run truth\); keep the run ID and read the run jobs.Job from its owner packages$`
	Items         []struct{ S oprun.Status }  // want `Holders.Items.S keeps its own copy of run status`
	oprun.Outcome                             // want `Holders.Outcome keeps its own copy of run outcome`
}

type Alias = oprun.Status

type ViaAlias struct {
	S Alias // want `ViaAlias.S keeps its own copy of run status oprun.Status`
}

var cache = map[string]struct {
	Status oprun.Status // want `struct field Status keeps its own copy of run status oprun.Status`
}{}

func Local() any {
	type row struct {
		Status oprun.Status // want `row.Status keeps its own copy of run status`
	}
	return row{}
}

type Suppressed struct {
	A oprun.Status //runtruth:allow dupetruth the export format mirrors the run until v2
	//runtruth:allow dupetruth a read-only snapshot for the audit log
	B oprun.Status
	//runtruth:allow dupetruth
	C oprun.Status // want `Suppressed.C keeps its own copy of run status`
	//runtruth:allow runscope another check's allow suppresses nothing here
	D oprun.Status // want `Suppressed.D keeps its own copy of run status`
}
