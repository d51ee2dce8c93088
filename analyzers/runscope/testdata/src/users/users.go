package users

import (
	"github.com/runtruth/runtruth/oprun"

	"scopes"
)

const empty = ""

func Positives(ws, env, target, who string, t *scopes.Tenant) []any {
	return []any{
		oprun.Scope{Workspace: ws, TargetScope: target},                       // want `^oprun.Scope literal leaves scope fields ManagedEnvironment, Initiator unset; every run needs its full ownership scope \(workspace, managed environment, target scope, initiator\)$`
		oprun.StartRequest{Type: "backup", Scope: oprun.Scope{Workspace: ws}}, // want `oprun.Scope literal leaves scope fields ManagedEnvironment, TargetScope, Initiator unset`
		scopes.Scope{}, // want `scopes.Scope literal leaves scope fields Workspace, ManagedEnvironment, TargetScope, Initiator unset`
		&scopes.Scope{Workspace: "", ManagedEnvironment: env, TargetScope: target, Initiator: who},                                                   // want `scopes.Scope literal sets scope field Workspace to a zero value`
		scopes.Scope{ws, env, "", empty, "note"},                                                                                                     // want `scopes.Scope literal sets scope fields TargetScope, Initiator to a zero value`
		scopes.Scope{Workspace: ws, Initiator: (""), Note: "n"},                                                                                      // want `scopes.Scope literal leaves scope fields ManagedEnvironment, TargetScope unset and sets scope field Initiator to a zero value`
		scopes.Request{Kind: "sync", Scope: scopes.Scope{}, Tenant: nil, Shard: 0, Live: false, Targets: []string{}, Workspace: scopes.NoWorkspace},  // want `scopes.Request literal sets scope fields Scope, Tenant, Shard, Live, Targets, Workspace to a zero value`
		scopes.Request{Scope: scopes.Full(ws, env, target, who), Tenant: t, Shard: 0.0, Live: true, Targets: nil, Workspace: scopes.WorkspaceID("")}, // want `scopes.Request literal sets scope fields Shard, Targets, Workspace to a zero value`
		scopes.Request{Tenant: t, Live: true},                                                                                                        // want `scopes.Request literal leaves scope fields Scope, Shard, Targets, Workspace unset`
		scopes.Scoped[int]{Value: 1},                                                                                                                 // want `scopes.Scoped literal leaves scope field Owner unset`
		scopes.Alias{Workspace: ws},                                                                                                                  // want `scopes.Scope literal leaves scope fields ManagedEnvironment, TargetScope, Initiator unset`
		scopes.Copy{Workspace: ws},                                                                                                                   // want `scopes.Copy literal leaves scope fields ManagedEnvironment, TargetScope, Initiator unset`
		[]*scopes.Scope{{Workspace: ws}},                                                                                                             // want `scopes.Scope literal leaves scope fields ManagedEnvironment, TargetScope, Initiator unset`
		map[string]oprun.Scope{"a": {}},                                                                                                              // want `oprun.Scope literal leaves scope fields Workspace, ManagedEnvironment, TargetScope, Initiator unset`
	}
}

func Suppressed(ws string) []scopes.Scope {
	return []scopes.Scope{
		{Workspace: ws}, //runtruth:allow runscope system runs are scoped by the scheduler before they start
		//runtruth:allow runscope the migration fills the rest of the scope
		{Workspace: ws},
		//runtruth:allow runscope
		{Workspace: ws}, // want `scopes.Scope literal leaves scope fields ManagedEnvironment, TargetScope, Initiator unset`
		//runtruth:allow directwrite another check's allow suppresses nothing here
		{Workspace: ws}, // want `scopes.Scope literal leaves scope fields ManagedEnvironment, TargetScope, Initiator unset`
	}
}
