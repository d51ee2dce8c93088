package advice

import (
	"testing"

	"github.com/runtruth/runtruth/passes/model"
)

func TestTransitionsNamesFewOwners(t *testing.T) {
	for _, tc := range []struct {
		owners []string
		want   string
	}{
		{nil, "transition it through its owner package example.com/m/jobs"},
		{[]string{"example.com/m/web"}, "transition it through its owner packages (example.com/m/jobs, example.com/m/web)"},
		{[]string{"example.com/m/a", "example.com/m/b", "example.com/m/c"}, "transition it through its owner packages (example.com/m/jobs and 3 more)"},
	} {
		r := &model.RunDecl{Pkg: "example.com/m/jobs", PkgName: "jobs", Name: "Job", Owners: tc.owners}
		if got := Transitions(r); got != tc.want {
			t.Errorf("owners %q: %q, want %q", tc.owners, got, tc.want)
		}
	}
}
