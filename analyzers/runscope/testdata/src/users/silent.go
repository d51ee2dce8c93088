package users

import (
	"github.com/runtruth/runtruth/oprun"

	"scopes"
)

// Filter has a field named Workspace that is not a scope field.
type Filter struct {
	Workspace string
	Initiator string
}

type config struct {
	workspace, env, target, who string
}

func NearMisses(c config, ws, env, target, who string, t *scopes.Tenant, req oprun.StartRequest) []any {
	var s oprun.Scope
	s.Workspace = "" // not a literal
	full := oprun.Scope{Workspace: ws, ManagedEnvironment: env, TargetScope: target, Initiator: who}
	return []any{
		s, full,
		Filter{},
		Filter{Workspace: ""},
		oprun.StartRequest{Type: "backup", Scope: full},
		oprun.StartRequest{Type: "backup", Scope: req.Scope},
		oprun.Scope{c.workspace, c.env, c.target, c.who},
		oprun.Scope{Workspace: "acme", ManagedEnvironment: "contoso.onmicrosoft.com", TargetScope: "mailbox:alice", Initiator: "scheduler"},
		scopes.Scope{Workspace: ws, ManagedEnvironment: env, TargetScope: target, Initiator: who},
		scopes.Full(ws, env, target, who),
		scopes.Request{Scope: full2(ws), Tenant: &scopes.Tenant{}, Shard: 3, Live: true, Targets: []string{"a"}, Workspace: scopes.Main},
		scopes.Request{Scope: scopes.Full(ws, env, target, who), Tenant: t, Shard: -1, Live: !false, Targets: []string{""}, Workspace: scopes.WorkspaceID(ws)},
		scopes.Scoped[string]{Owner: who},
		scopes.Tenant{},
		struct{ Workspace string }{},
	}
}

func full2(ws string) scopes.Scope {
	return scopes.Scope{Workspace: ws, ManagedEnvironment: ws, TargetScope: ws, Initiator: ws}
}
