// Package reports builds what customers see as proof of the service's work.
package reports

import (
	"time"

	"github.com/runtruth/runtruth/oprun"
)

// RestoreProof is shown to the customer as proof that a restore happened.
//
//runtruth:proof
type RestoreProof struct {
	RunID      string
	Mailbox    string
	Result     string
	VerifiedAt time.Time
}

// RestoreCheck is the restore's own verification: the items found in the
// mailbox after the restore.
type RestoreCheck struct {
	Mailbox string
	Summary string
	At      time.Time
}

// ProofFromCheck links the run by its ID and states what was verified.
func ProofFromCheck(run *oprun.Run, check RestoreCheck) RestoreProof {
	return RestoreProof{RunID: run.ID, Mailbox: check.Mailbox, Result: check.Summary, VerifiedAt: check.At}
}

// QuickProof tells the customer the run's outcome as if it were evidence.
func QuickProof(run *oprun.Run, mailbox string) RestoreProof {
	outcome := run.Outcome
	return RestoreProof{
		RunID:      run.ID,
		Mailbox:    mailbox,
		Result:     "restore " + string(outcome),
		VerifiedAt: run.CompletedAt,
	}
}
