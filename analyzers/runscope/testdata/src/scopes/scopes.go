// Package scopes declares structs with scope fields.
package scopes

// Scope is who owns a run.
type Scope struct {
	//runtruth:scope
	Workspace string
	//runtruth:scope
	ManagedEnvironment string
	//runtruth:scope
	TargetScope string
	//runtruth:scope
	Initiator string
	// Note is not a scope field.
	Note string
}

type Tenant struct{ ID string }

type WorkspaceID string

const NoWorkspace WorkspaceID = ""

const Main WorkspaceID = "main"

// Request has scope fields of many kinds.
type Request struct {
	Kind string
	//runtruth:scope
	Scope Scope
	//runtruth:scope
	Tenant *Tenant
	//runtruth:scope
	Shard int
	//runtruth:scope
	Live bool
	//runtruth:scope
	Targets []string
	//runtruth:scope
	Workspace WorkspaceID
}

// Scoped is generic.
type Scoped[T any] struct {
	//runtruth:scope
	Owner string
	Value T
}

// Alias and Copy share Scope's fields.
type (
	Alias = Scope
	Copy  Scope
)

// Default is checked in the declaring package too.
func Default() Scope {
	return Scope{Workspace: "w", ManagedEnvironment: "m", TargetScope: "t"} // want `scopes.Scope literal leaves scope field Initiator unset; set every scope field to the real owner: every run needs its full ownership scope`
}

// Full sets every field.
func Full(ws, env, target, who string) Scope {
	return Scope{Workspace: ws, ManagedEnvironment: env, TargetScope: target, Initiator: who}
}
