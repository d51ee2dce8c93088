// Package oprun is a stand-in for the runtime lifecycle package.
package oprun

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
}

// StartRequest asks for a new run.
type StartRequest struct {
	Type     string
	Scope    Scope
	Identity string
}
