// Package advice holds what runtruth's diagnostics recommend instead: the
// approved API of the oprun package, named once for every check.
package advice

import (
	"fmt"
	"slices"
	"strings"

	"github.com/runtruth/runtruth/passes/config"
	"github.com/runtruth/runtruth/passes/model"
)

// OprunPath is the import path of the runtime lifecycle package.
const OprunPath = "github.com/runtruth/runtruth/oprun"

// IsOprun reports whether the run type is oprun's own.
func IsOprun(r *model.RunDecl) bool { return r.Pkg == OprunPath }

// Transitions names the approved way to change a run's lifecycle fields.
func Transitions(r *model.RunDecl) string {
	if IsOprun(r) {
		return "use the (*oprun.Service) transitions: MarkRunning, Complete, Fail, Block, Cancel"
	}
	return "transition it through " + owners(r)
}

// Start names the approved way to create a run.
func Start(r *model.RunDecl) string {
	if IsOprun(r) {
		return "start runs with (*oprun.Service).Start"
	}
	return "create it in " + owners(r)
}

// Reconcile names the approved way to settle a run that went stale.
func Reconcile(r *model.RunDecl) string {
	if IsOprun(r) {
		return "reconcile stale runs with (*oprun.Service).ReconcileStale and render the status it records"
	}
	return "reconcile stale runs in " + owners(r) + " and render the status they record"
}

func owners(r *model.RunDecl) string {
	list := r.Owners
	if !slices.ContainsFunc(r.Owners, func(o string) bool { return config.MatchPattern(o, r.Pkg) }) {
		list = append([]string{r.Pkg}, r.Owners...)
	}
	switch len(list) {
	case 1:
		return "its owner package " + r.Pkg
	case 2:
		return "its owner packages (" + strings.Join(list, ", ") + ")"
	}
	// A long list of patterns would drown the message: the first and a
	// count.
	return fmt.Sprintf("its owner packages (%s and %d more)", list[0], len(list)-1)
}
