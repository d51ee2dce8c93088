package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const full = `include-tests: true
runs:
  - type: example.com/svc/models.Job
    fields: [State, Result]
    sinks: [Message]
    owners: [example.com/svc/jobs/...]
    table: jobs
    columns: {State: state}
summary-keys:
  - type: example.com/svc/models.CountKey
    keys: [items, bytes]
summaries:
  - func: example.com/svc/metrics.Record
    params: [counts]
providers:
  packages: [example.com/svc/graph/...]
  funcs: ["(*example.com/svc/legacy.Client).Fetch"]
render:
  packages: [example.com/svc/web]
  funcs: [example.com/svc/web.Page.Render]
render-calls: ["(*example.com/svc/webctx.Context).HTML"]
secrets:
  types: [example.com/svc/auth.Token]
  fields: [example.com/svc/config.Config.DSN]
  words: [dsn]
  ignore-words: [label]
sinks:
  - func: example.com/svc/notify.Send
    params: [subject, body]
sanitizers: [example.com/svc/safe.Clean]
scopes: [example.com/svc/models.Job.Tenant]
proofs: [example.com/svc/evidence.Report]
notifications: [example.com/svc/notify.Mail]
links:
  - func: example.com/svc/links.Run
    prefix: /runs/
starts:
  - func: (*example.com/svc/store.Store).Insert
    run: example.com/svc/models.Job
reconcilers:
  - func: (*example.com/svc/store.Store).Expire
    run: example.com/svc/models.Job
`

// A real configuration shares owners: once at the top for every run, or
// through a YAML anchor, and a run can extend or replace them.
const shared = `owners: &owners
  - example.com/ci/server/...
  - example.com/ci/pipeline/...
runs:
  - type: example.com/ci/model.Pipeline
    fields: [Status]
  - type: example.com/ci/model.Step
    fields: [State]
    more-owners: [example.com/ci/agent/...]
  - &workflow
    type: example.com/ci/model.Workflow
    fields: [State]
    owners: [example.com/ci/queue]
  - <<: *workflow
    type: example.com/ci/model.Task
    sinks: [Message]
  - type: example.com/ci/model.Hook
    owners: *owners
`

func TestParseSharedOwners(t *testing.T) {
	cfg, err := Parse("x.yml", []byte(shared))
	require.NoError(t, err)
	require.Len(t, cfg.Runs, 5)
	top := []string{"example.com/ci/server/...", "example.com/ci/pipeline/..."}
	assert.Equal(t, top, cfg.Runs[0].Owners, "the top-level owners are the default")
	assert.Equal(t, append(top[:2:2], "example.com/ci/agent/..."), cfg.Runs[1].Owners, "more-owners extend them")
	assert.Equal(t, []string{"example.com/ci/queue"}, cfg.Runs[2].Owners, "a run's owners replace them")
	assert.Equal(t, Run{Type: "example.com/ci/model.Task", Fields: []string{"State"}, Sinks: []string{"Message"}, Owners: []string{"example.com/ci/queue"}, Line: 14}, cfg.Runs[3], "a merged entry")
	assert.Equal(t, top, cfg.Runs[4].Owners, "an alias of the list")
}

func TestParseFull(t *testing.T) {
	cfg, err := Parse("x.yml", []byte(full))
	require.NoError(t, err)
	assert.True(t, cfg.IncludeTests)
	require.Len(t, cfg.Runs, 1)
	assert.Equal(t, Run{Type: "example.com/svc/models.Job", Fields: []string{"State", "Result"}, Sinks: []string{"Message"}, Owners: []string{"example.com/svc/jobs/..."}, Table: "jobs", Columns: map[string]string{"State": "state"}, Line: 3}, cfg.Runs[0])
	assert.Equal(t, []string{"items", "bytes"}, cfg.SummaryKeys[0].Keys)
	assert.Equal(t, 16, cfg.Providers.Packages[0].Line)
	assert.Equal(t, "(*example.com/svc/legacy.Client).Fetch", cfg.Providers.Funcs[0].Name)
	assert.Equal(t, []string{"dsn"}, cfg.Secrets.Words)
	assert.Equal(t, "/runs/", cfg.Links[0].Prefix)
	assert.Equal(t, []Name{{"(*example.com/svc/webctx.Context).HTML", 21}}, cfg.RenderCalls)
	assert.Equal(t, []FuncRun{{Func: "(*example.com/svc/store.Store).Insert", Run: "example.com/svc/models.Job", Line: 38}}, cfg.Starts)
	assert.Equal(t, []FuncRun{{Func: "(*example.com/svc/store.Store).Expire", Run: "example.com/svc/models.Job", Line: 41}}, cfg.Reconcilers)
	assert.Equal(t, []string{
		"example.com/svc/auth", "example.com/svc/config", "example.com/svc/evidence", "example.com/svc/legacy",
		"example.com/svc/links", "example.com/svc/metrics", "example.com/svc/models", "example.com/svc/notify",
		"example.com/svc/safe", "example.com/svc/store", "example.com/svc/web", "example.com/svc/webctx",
	}, cfg.Packages())
}

func TestParseEmpty(t *testing.T) {
	cfg, err := Parse("x.yml", []byte("\n# nothing\n"))
	require.NoError(t, err)
	assert.False(t, cfg.IncludeTests)
	assert.Empty(t, cfg.Runs)
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"unknown top-level key", "include-test: true\n", `x.yml:1: unknown key "include-test"`},
		{"dupetruth mode", "include-tests: true\ndupetruth: loose\n", `x.yml:2: dupetruth: "loose" is not a mode (the mode there is: strict)`},
		{"unknown nested key", "runs:\n  - type: a.com/b.T\n    feilds: [Status]\n", `x.yml:3: unknown key "feilds"`},
		{"duplicate key", "include-tests: true\ninclude-tests: false\n", `x.yml:2: duplicate key "include-tests"`},
		{"list expected", "runs: a.com/b.T\n", "x.yml:1: expected a list"},
		{"mapping expected", "providers: [a]\n", "x.yml:1: expected a mapping"},
		{"bad bool", "include-tests: maybe\n", "x.yml"},
		{"bad pattern", "providers:\n  packages: [a/.../b]\n", `x.yml:2: bad package pattern "a/.../b"`},
		{"everything pattern", "render:\n  packages: [\"...\"]\n", "matches every package"},
		{"bad owner", "runs:\n  - type: a.com/b.T\n    owners: [\"x y\"]\n", "x.yml:2: bad package pattern"},
		{"unqualified name", "sanitizers: [Clean]\n", "x.yml:1: name: bad qualified name \"Clean\""},
		{"unqualified render call", "include-tests: false\nrender-calls: [HTML]\n", "x.yml:2: name: bad qualified name \"HTML\""},
		{"run without type", "runs:\n  - fields: [Status]\n", "x.yml:2: runs: entry has no type"},
		{"sink without params", "sinks:\n  - func: a.com/b.F\n", "a.com/b.F: params is empty"},
		{"link without prefix", "links:\n  - func: a.com/b.F\n", "links: a.com/b.F has no prefix"},
		{"bad field name", "runs:\n  - type: a.com/b.T\n    fields: [\"not a field\"]\n", `"not a field" is not a field name`},
		{"alias", "a: &x 1\ninclude-tests: *x\n", "unknown key"},
		{"alias of a mapping with an unknown key", "x-run: &run\n  type: a.com/b.T\n", `x.yml:1: unknown key "x-run"`},
		{"merged mapping with an unknown key", "runs:\n  - &base\n    type: a.com/b.T\n    feilds: [Status]\n  - <<: *base\n    type: a.com/b.U\n", `x.yml:4: unknown key "feilds"`},
		{"aliased list of the wrong shape", "owners: &o {a: b}\nruns:\n  - type: a.com/b.T\n    owners: *o\n", "x.yml:1: expected a list"},
		{"bad parameter", "sinks:\n  - func: a.com/b.F\n    params: [\"-1\"]\n", `x.yml:2: a.com/b.F: "-1" is not a parameter name or position`},
		{"relative top-level owner", "owners: [\"./web\"]\n", `x.yml:1: owners: package pattern "./web" is relative`},
		{"glob owner", "runs:\n  - type: a.com/b.T\n    owners: [\"a.com/b/*\"]\n", `x.yml:2: bad package pattern "a.com/b/*"`},
		{"relative provider package", "providers:\n  packages: [./graph]\n", `package pattern "./graph" is relative`},
		{"columns not a mapping", "runs:\n  - type: a.com/b.T\n    columns: [state]\n", "x.yml:3: expected a mapping"},
		{"duplicate column", "runs:\n  - type: a.com/b.T\n    columns:\n      Status: a\n      Status: b\n", `x.yml:5: duplicate key "Status"`},
		{"column not a scalar", "runs:\n  - type: a.com/b.T\n    columns: {Status: [a]}\n", "x.yml:3: expected a string value"},
		{"absolute exclusion", "exclude: [/src/legacy]\n", `x.yml:1: exclude: path pattern "/src/legacy" is not relative`},
		{"exclusion of everything", "exclude: [\"./...\"]\n", "excludes every file"},
		{"unclean exclusion", "exclude: [../other/...]\n", `x.yml:1: exclude: bad path pattern "../other/..."`},
		{"bad glob exclusion", "exclude: [\"internal/[\"]\n", `bad path pattern "internal/["`},
		{"checks as a list", "checks: [directwrite]\n", "x.yml:1: checks: expected a comma-separated list"},
		{"checks with a space", "checks: \"all,-dupe truth\"\n", `x.yml:1: checks: "-dupe truth" is not a check name`},
		{"bad level", "include-tests: false\nseverity:\n  runsecrets: critical\n", `x.yml:2: severity: runsecrets: "critical" is not a level (levels: error, warning, note)`},
		{"start without run", "starts:\n  - func: a.com/b.F\n", "x.yml:2: entry needs func and run"},
		{"reconciler with an unqualified run", "include-tests: false\nreconcilers:\n  - func: a.com/b.F\n    run: Run\n", `x.yml:3: reconcilers: run: bad qualified name "Run"`},
		{"syntax", "runs: [\n", "x.yml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.yml", []byte(tc.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			var ce *Error
			assert.True(t, errors.As(err, &ce), "error is a *config.Error: %T", err)
		})
	}
}

func TestSplitName(t *testing.T) {
	for _, tc := range []struct{ in, pkg, rest string }{
		{"example.com/pkg.Type", "example.com/pkg", "Type"},
		{"example.com/pkg.Type.Method", "example.com/pkg", "Type.Method"},
		{"(*example.com/pkg.Type).Method", "example.com/pkg", "Type.Method"},
		{"(example.com/a/b.T).M", "example.com/a/b", "T.M"},
		{"net/http.Get", "net/http", "Get"},
		{"fmt.Sprintf", "fmt", "Sprintf"},
	} {
		pkg, rest, err := SplitName(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.pkg, pkg, tc.in)
		assert.Equal(t, tc.rest, rest, tc.in)
	}
	for _, bad := range []string{"", "Type", "(*a.com/b.T", "a.com/b.", "a.com/b.T.1x"} {
		_, _, err := SplitName(bad)
		assert.Error(t, err, bad)
	}
}

func TestMatchPattern(t *testing.T) {
	assert.True(t, MatchPattern("a.com/x/...", "a.com/x"))
	assert.True(t, MatchPattern("a.com/x/...", "a.com/x/y/z"))
	assert.False(t, MatchPattern("a.com/x/...", "a.com/xy"))
	assert.True(t, MatchPattern("a.com/x", "a.com/x"))
	assert.False(t, MatchPattern("a.com/x", "a.com/x/y"))
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	got, err := Find(deep, true)
	require.NoError(t, err)
	if got != "" {
		// A .runtruth.yml above the temporary directory would be found;
		// it must at least not be inside root.
		assert.False(t, strings.HasPrefix(got, root))
	}
	require.NoError(t, os.WriteFile(filepath.Join(root, "a", FileName), []byte("include-tests: true\n"), 0o644))
	got, err = Find(deep, true)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "a", FileName), got)
	cfg, err := Load(got)
	require.NoError(t, err)
	assert.True(t, cfg.IncludeTests)
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.yml"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot read configuration")
}

// TestFindNested: a module has one configuration. One next to go.mod or
// above it is found; one below the module's root is an error, from every
// package that would see it.
func TestFindNested(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	write("repo/.runtruth.yml", "")
	write("repo/svc/go.mod", "module example.com/svc\n")
	write("repo/svc/internal/web/web.go", "package web\n")
	write("repo/other/go.mod", "module example.com/other\n")
	write("repo/other/.runtruth.yml", "")
	write("repo/other/x/x.go", "package x\n")

	// Above the module's root: shared by the repository's modules.
	got, err := Find(filepath.Join(root, "repo/svc/internal/web"), true)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "repo", FileName), got)
	// Next to go.mod.
	got, err = Find(filepath.Join(root, "repo/other/x"), true)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "repo/other", FileName), got)

	// Below the module's root: an error, not a second configuration.
	write("repo/svc/internal/.runtruth.yml", "include-tests: true\n")
	_, err = Find(filepath.Join(root, "repo/svc/internal/web"), true)
	var ce *Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, filepath.Join(root, "repo/svc/internal", FileName), ce.File)
	assert.Contains(t, err.Error(), "a module has one configuration, next to its go.mod: move this file's settings into "+filepath.Join(root, "repo/svc", FileName))
	// A package of the module that does not see it still finds the shared one.
	got, err = Find(filepath.Join(root, "repo/svc"), true)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "repo", FileName), got)
	// A GOPATH tree has no module: the first file found is the one.
	got, err = Find(filepath.Join(root, "repo/svc/internal/web"), false)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "repo/svc/internal", FileName), got)
}

// TestParseOnce: the packages of an analysis share one decoding of a
// content; another content (an edited file) is decoded anew.
func TestParseOnce(t *testing.T) {
	a1, err := Parse("x.yml", []byte("include-tests: true\n"))
	require.NoError(t, err)
	a2, err := Parse("x.yml", []byte("include-tests: true\n"))
	require.NoError(t, err)
	assert.Same(t, a1, a2)
	b, err := Parse("x.yml", []byte("include-tests: false\n"))
	require.NoError(t, err)
	assert.NotSame(t, a1, b)
	assert.False(t, b.IncludeTests)
	_, err1 := Parse("x.yml", []byte("nosuchkey: 1\n"))
	_, err2 := Parse("x.yml", []byte("nosuchkey: 1\n"))
	require.Error(t, err1)
	assert.Equal(t, err1, err2)
}

func TestExcluded(t *testing.T) {
	root := t.TempDir()
	src := "exclude:\n  - internal/legacy/...\n  - cli/exec/dummy.go\n  - cmd/*/fixture_*.go\n  - gen/*/...\n"
	cfg, err := Parse(filepath.Join(root, FileName), []byte(src))
	require.NoError(t, err)
	for rel, want := range map[string]bool{
		"internal/legacy/a.go":       true,
		"internal/legacy/sub/b.go":   true,
		"internal/legacyx/a.go":      false,
		"cli/exec/dummy.go":          true,
		"cli/exec/dummy2.go":         false,
		"cmd/app/fixture_users.go":   true,
		"cmd/app/sub/fixture_x.go":   false,
		"gen/models/x.go":            true,
		"gen/x.go":                   false,
		"../elsewhere/cli/exec/a.go": false,
	} {
		assert.Equal(t, want, cfg.Excluded(filepath.Join(root, filepath.FromSlash(rel))), rel)
	}

	// Settings given inline are relative to the file's module root.
	mod := filepath.Join(root, "mod")
	require.NoError(t, os.MkdirAll(filepath.Join(mod, "internal", "legacy"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n"), 0o644))
	inline, err := Parse("-settings", []byte(src))
	require.NoError(t, err)
	assert.True(t, inline.Excluded(filepath.Join(mod, "internal", "legacy", "a.go")))
	assert.False(t, inline.Excluded(filepath.Join(mod, "internal", "web", "a.go")))
}

func TestSelect(t *testing.T) {
	names := []string{"directwrite", "dupetruth", "runsecrets"}
	for _, tc := range []struct {
		spec string
		want []string
		err  string
	}{
		{"", nil, ""},
		{"all", nil, ""},
		{"all,-dupetruth", []string{"directwrite", "runsecrets"}, ""},
		{"-dupetruth", []string{"directwrite", "runsecrets"}, ""},
		{"runsecrets", []string{"runsecrets"}, ""},
		{"runsecrets,-runsecrets", nil, "selects no check"},
		{"all,-dupetruht", nil, `unknown check "-dupetruht"; did you mean dupetruth?`},
		{"nosuchcheck", nil, `unknown check "nosuchcheck" (checks: all, directwrite, dupetruth, runsecrets)`},
	} {
		got, err := Select(tc.spec, names)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Select(%q) error = %v, want %q", tc.spec, err, tc.err)
			}
			continue
		}
		require.NoError(t, err, tc.spec)
		assert.Equal(t, tc.want, got, tc.spec)
		// Selects agrees with Select, one check at a time.
		for _, n := range names {
			assert.Equal(t, tc.want == nil || slices.Contains(tc.want, n), Selection{Spec: tc.spec}.Selects(n), "%q selects %s", tc.spec, n)
		}
	}
}

func TestCheckNames(t *testing.T) {
	names := []string{"directwrite", "dupetruth", "runsecrets"}
	for src, want := range map[string]string{
		"severity:\n  runsecrets: note\nchecks: all,-dupetruth\n": "",
		"severity:\n  runsecret: note\n":                          `x.yml:1: severity: unknown check "runsecret"; did you mean runsecrets?`,
		"include-tests: true\nchecks: all,-nosuch\n":              `x.yml:2: checks: unknown check "-nosuch"`,
	} {
		cfg, err := Parse("x.yml", []byte(src))
		require.NoError(t, err)
		err = cfg.CheckNames(names)
		if want == "" {
			assert.NoError(t, err, src)
			continue
		}
		if assert.Error(t, err, src) {
			assert.Contains(t, err.Error(), want)
		}
	}
	cfg, err := Parse("x.yml", []byte("severity:\n  runsecrets: note\n"))
	require.NoError(t, err)
	assert.Equal(t, "note", cfg.Level("runsecrets"))
	assert.Equal(t, "error", cfg.Level("directwrite"))
}

// TestParseAllKeyErrors: every unknown key of a file is reported at once,
// with the key it most likely means.
func TestParseAllKeyErrors(t *testing.T) {
	src := "include-test: true\nruns:\n  - type: a.com/b.T\n    feilds: [Status]\nrender:\n  packges: [a.com/web/...]\nwhatever: 1\n"
	_, err := Parse("x.yml", []byte(src))
	require.Error(t, err)
	for _, want := range []string{
		`x.yml:1: unknown key "include-test"; did you mean include-tests?`,
		`x.yml:4: unknown key "feilds"; did you mean fields?`,
		`x.yml:6: unknown key "packges"; did you mean packages?`,
		`x.yml:7: unknown key "whatever" (known keys: checks,`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	var ce *Error
	require.True(t, errors.As(err, &ce), "an *Error: %T", err)
	assert.Equal(t, 1, ce.Line, "the first error")
}

// TestValidateAllErrors: the errors of a file's values are reported at
// once, each with its line.
func TestValidateAllErrors(t *testing.T) {
	src := "owners: [\"./web\"]\nsinks:\n  - func: a.com/b.F\nlinks:\n  - func: a.com/b.L\nsanitizers: [Clean]\n"
	_, err := Parse("x.yml", []byte(src))
	require.Error(t, err)
	for _, want := range []string{
		`x.yml:1: owners: package pattern "./web" is relative`,
		`x.yml:3: a.com/b.F: params is empty`,
		`x.yml:5: links: a.com/b.L has no prefix`,
		`x.yml:6: name: bad qualified name "Clean"`,
	} {
		assert.Contains(t, err.Error(), want)
	}
}
