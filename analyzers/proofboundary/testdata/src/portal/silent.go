package portal

import (
	"fmt"

	"github.com/runtruth/runtruth/oprun"

	"evidence"
	"runs"
)

// Dashboard is not a proof type: it may hold runs and their status.
type Dashboard struct {
	Run    *oprun.Run
	Status oprun.Status
	Label  string
}

type verification struct {
	ID     string
	Status oprun.Status
	Hash   string
}

func NearMisses(run *oprun.Run, t runs.Task, checksum [32]byte, verified bool) []any {
	result := evidence.Result("restore point verified")
	label := fmt.Sprintf("backup %s", run.ID)
	v := verification{ID: run.ID, Status: run.Status, Hash: "abc"}
	v.Status = run.Status // a field write does not mark v
	d := Dashboard{Run: run, Status: run.Status, Label: string(run.Outcome)}
	d.Label = string(run.Status)
	var p evidence.Proof
	p.RunID = run.ID
	p.Note = label
	p.Kind = t.Label
	p.Files = append(p.Files, t.ID)
	if run.Status != oprun.StatusCompleted {
		return nil
	}
	return []any{
		evidence.Clean{RunID: run.ID, Result: result, Checksum: checksum},
		evidence.Clean{RunID: t.ID, Result: evidence.Result(label)},
		evidence.Clean{RunID: v.ID, Result: evidence.Result(v.Hash)},
		&evidence.Proof{RunID: run.ID, Kind: "backup", Verified: verified, Note: fmt.Sprint(len(run.ID))},
		evidence.Proof{Note: run.Reason, State: "restored"},
		evidence.Item{Status: run.Status},
		d, p,
	}
}

func OtherFunction(run *oprun.Run) evidence.Clean {
	// st is tainted only in the function that assigns it.
	st := "verified"
	return evidence.Clean{Result: evidence.Result(st)}
}

func Tainted(run *oprun.Run) string {
	st := string(run.Status)
	return st
}
