package renderprovider_test

import (
	"strings"
	"testing"

	"github.com/runtruth/runtruth/analyzers/renderprovider"
	"github.com/runtruth/runtruth/internal/checktest"
)

// TestRenderProvider checks the diagnostics, then that their related
// information points at every call of the chain, in the packages that
// make them.
func TestRenderProvider(t *testing.T) {
	results := checktest.Run(t, checktest.TestData(), renderprovider.Analyzer,
		"pages", "web", "views", "configured", "webtree/...", "layout", "scmpage", "scm", "chat", "svc", "store", "graph", "lookalike", "sdkwrap",
		"github.com/microsoftgraph/msgraph-sdk-go")
	type rel struct{ file, msg string }
	want := map[string][]rel{
		"via svc.LoadTenant → store.FetchUsers": {
			{"svc/svc.go", "svc.LoadTenant calls store.FetchUsers"},
			{"store/store.go", "store.FetchUsers calls (*graph.Client).Users"},
		},
		"render path (*Page).tenantNames": {
			{"pages/pages.go", `(*Page).tenantNames is template func "tenant" here`},
			{"pages/pages.go", "loadTenant calls fetchUsers"},
			{"pages/pages.go", "fetchUsers calls (*graph.Client).Users"},
		},
	}
	found := map[string]bool{}
	for _, res := range results {
		fset := res.Package.Fset
		for _, d := range res.Diagnostics {
			for key, rels := range want {
				if !strings.Contains(d.Message, key) {
					continue
				}
				found[key] = true
				if len(d.Related) != len(rels) {
					t.Errorf("%s: %d related, want %d: %+v", d.Message, len(d.Related), len(rels), d.Related)
					continue
				}
				for i, r := range rels {
					got := d.Related[i]
					posn := fset.Position(got.Pos)
					if got.Message != r.msg || !strings.HasSuffix(posn.Filename, r.file) {
						t.Errorf("%s: related %d is %s: %q, want %s: %q", d.Message, i, posn, got.Message, r.file, r.msg)
					}
				}
			}
		}
	}
	for key := range want {
		if !found[key] {
			t.Errorf("no diagnostic contains %q", key)
		}
	}
}
