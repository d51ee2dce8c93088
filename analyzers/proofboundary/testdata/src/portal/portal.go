package portal

import (
	"fmt"
	"strings"

	"github.com/runtruth/runtruth/oprun"

	"evidence"
	"runs"
)

func Literals(run *oprun.Run, t runs.Task, all []oprun.Run) []any {
	return []any{
		evidence.Clean{RunID: run.ID, Result: evidence.Result(run.Status)},                 // want `^proof type evidence.Clean field Result is set from run status oprun.Run.Status; record the customer-facing evidence itself \(its own verified result type\) and link the run by its ID, not the run's status$`
		&evidence.Clean{Result: evidence.Result("outcome: " + string(run.Outcome))},        // want `proof type evidence.Clean field Result is set from run outcome oprun.Run.Outcome`
		evidence.Clean{Result: evidence.Result(fmt.Sprint(run.Status))},                    // want `proof type evidence.Clean field Result is set from run status`
		evidence.Clean{References: map[string][]string{"status": {string(all[0].Status)}}}, // want `proof type evidence.Clean field References is set from run status oprun.Run.Status`
		evidence.Proof{Verified: run.Outcome == oprun.OutcomeSucceeded},                    // want `proof type evidence.Proof field Verified is set from run outcome oprun.Run.Outcome`
		evidence.Proof{Note: strings.ToUpper(t.State)},                                     // want `proof type evidence.Proof field Note is set from run lifecycle field State runs.Task.State; .*, not the run's lifecycle field State`
		evidence.Proof{Items: []evidence.Item{{Name: string(run.Status)}}},                 // want `proof type evidence.Proof field Items is set from run status`
		[]evidence.Clean{{run.ID, t.Finished, "", [32]byte{}, nil}},                        // want `proof type evidence.Clean field Finished is set from run lifecycle field Finished runs.Task.Finished`
	}
}

func ThroughLocals(run oprun.Run, t *runs.Task) []evidence.Clean {
	st := run.Status
	label := "run " + string(st)
	var upper = strings.ToUpper(label)
	out := []evidence.Clean{
		{Result: evidence.Result(upper)}, // want `proof type evidence.Clean field Result is set from run status oprun.Run.Status through local variable upper`
	}
	var phases []string
	for _, p := range []runs.Phase{t.Phase} {
		phases = append(phases, string(p))
	}
	out = append(out, evidence.Clean{References: map[string][]string{"phases": phases}}) // want `proof type evidence.Clean field References is set from run lifecycle field Phase runs.Task.Phase through local variable phases`
	done := func() bool { return run.Outcome == oprun.OutcomeSucceeded }()
	out = append(out, evidence.Clean{Result: evidence.Result(fmt.Sprint(done))}) // want `through local variable done`
	return out
}

func Assignments(run *oprun.Run, p *evidence.Proof, c evidence.Clean) {
	p.Note = string(run.Status)                             // want `proof type evidence.Proof field Note is set from run status oprun.Run.Status`
	p.Files[0] = string(run.Outcome)                        // want `proof type evidence.Proof field Files is set from run outcome`
	p.Attachments["s"] += string(run.Status)                // want `proof type evidence.Proof field Attachments is set from run status`
	p.Items[0].Name = string(run.Status)                    // want `proof type evidence.Proof field Items is set from run status`
	c.Result, c.RunID = evidence.Result(run.Status), run.ID // want `proof type evidence.Clean field Result is set from run status`
	s := run.Outcome
	(*p).Note = string(s) // want `proof type evidence.Proof field Note is set from run outcome oprun.Run.Outcome through local variable s`
}

func Suppressed(run *oprun.Run) []evidence.Clean {
	return []evidence.Clean{
		{Result: evidence.Result(run.Status)}, //runtruth:allow proofboundary the legacy export shows run status until customers migrate
		//runtruth:allow proofboundary the audit trail is internal
		{Result: evidence.Result(run.Status)},
		//runtruth:allow proofboundary
		{Result: evidence.Result(run.Status)}, // want `proof type evidence.Clean field Result is set from run status`
		//runtruth:allow runscope another check's allow suppresses nothing here
		{Result: evidence.Result(run.Status)}, // want `proof type evidence.Clean field Result is set from run status`
	}
}

// Reassigned shows that tracking is flow-insensitive: st keeps its mark
// after it is reassigned a clean value.
func Reassigned(run *oprun.Run) evidence.Clean {
	st := string(run.Status)
	st = "verified"
	return evidence.Clean{Result: evidence.Result(st)} // want `through local variable st`
}
