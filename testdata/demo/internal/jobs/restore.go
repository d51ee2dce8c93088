package jobs

import (
	"context"
	"fmt"

	"github.com/runtruth/runtruth/oprun"
)

// OpMailboxRestore is the operation type of a mailbox restore.
const OpMailboxRestore oprun.OperationType = "mailbox_restore"

// RestoreRequest is what an operator asks for.
type RestoreRequest struct {
	Workspace   string
	Environment string
	Mailbox     string
	RequestedBy string
}

// StartRestore queues a restore with the request's full ownership scope.
func StartRestore(ctx context.Context, runs *oprun.Service, req RestoreRequest) (*oprun.Run, error) {
	run, _, err := runs.Start(ctx, oprun.StartRequest{
		Type: OpMailboxRestore,
		Scope: oprun.Scope{
			Workspace:          req.Workspace,
			ManagedEnvironment: req.Environment,
			TargetScope:        "mailbox:" + req.Mailbox,
			Initiator:          req.RequestedBy,
		},
		Identity: "restore:" + req.Mailbox,
	})
	if err != nil {
		return nil, fmt.Errorf("start restore of %s: %w", req.Mailbox, err)
	}
	return run, nil
}

// StartSystemRestore is started by the scheduler, which forgot who owns
// the environment and who asked: the run has no full scope.
func StartSystemRestore(ctx context.Context, runs *oprun.Service, workspace, mailbox string) (*oprun.Run, error) {
	run, _, err := runs.Start(ctx, oprun.StartRequest{
		Type:     OpMailboxRestore,
		Scope:    oprun.Scope{Workspace: workspace, TargetScope: "mailbox:" + mailbox, Initiator: ""},
		Identity: "restore:" + mailbox,
	})
	return run, err
}

// Credentials are the app registration a restore signs in with.
type Credentials struct {
	TenantID     string
	ClientID     string
	ClientSecret string
}

// DescribeAuth records which app registration a run used: the tenant and
// client IDs are fine, the client secret is not.
func DescribeAuth(ctx context.Context, runs *oprun.Service, runID string, c Credentials) error {
	return runs.UpdateContext(ctx, runID, oprun.Context{
		"tenant": c.TenantID,
		"client": c.ClientID,
		"auth":   "client_secret=" + c.ClientSecret,
	})
}
