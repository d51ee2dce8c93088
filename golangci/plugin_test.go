package golangci_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/golangci"
	"github.com/runtruth/runtruth/passes/config"
)

func TestRegistered(t *testing.T) {
	flag := analyzers.Model.Flags.Lookup("settings")
	old := flag.Value.String()
	t.Cleanup(func() { _ = flag.Value.Set(old) })
	newPlugin, err := register.GetPlugin("runtruth")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(as, analyzers.All()) {
		t.Errorf("the plugin runs %v, want analyzers.All()", as)
	}
	// No settings and no .runtruth.yml: a configuration that declares
	// nothing, so that the shared pass discovers no file either.
	got := flag.Value.String()
	if cfg, err := config.Parse("-settings", []byte(got)); got == "" || err != nil || len(cfg.Runs) > 0 {
		t.Errorf("no settings set -runtruth.settings to %q (%v); want a configuration that declares nothing", got, err)
	}
}

// TestDiscoveredFileWithoutSettings: golangci-lint keys its cache on its
// own configuration, so a .runtruth.yml without the linter's settings is an
// error that says where the configuration goes.
func TestDiscoveredFileWithoutSettings(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, config.FileName), []byte("include-tests: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	_, err := golangci.New(nil)
	if err == nil || !strings.Contains(err.Error(), config.FileName) || !strings.Contains(err.Error(), "linters.settings.custom.runtruth.settings") {
		t.Errorf("New without settings beside %s: %v; want an error naming the file and the settings", config.FileName, err)
	}
	if _, err := golangci.New(map[string]any{"include-tests": true}); err != nil {
		t.Errorf("New with settings beside %s: %v", config.FileName, err)
	}
}

func TestSettings(t *testing.T) {
	// The shape golangci-lint hands over: decoded YAML, keys lower case.
	settings := map[string]any{
		"include-tests": true,
		"runs": []any{
			map[string]any{
				"type":   "example.com/svc/models.ExportJob",
				"fields": []any{"Status", "Outcome"},
				"owners": []any{"example.com/svc/export/..."},
			},
		},
		"secrets": map[any]any{"words": []any{"dsn"}},
	}
	p, err := golangci.New(settings)
	if err != nil {
		t.Fatal(err)
	}
	flag := analyzers.Model.Flags.Lookup("settings")
	old := flag.Value.String()
	t.Cleanup(func() { _ = flag.Value.Set(old) })
	if _, err := p.BuildAnalyzers(); err != nil {
		t.Fatal(err)
	}
	got := flag.Value.String()
	for _, want := range []string{"include-tests: true", "example.com/svc/models.ExportJob", "example.com/svc/export/...", "dsn"} {
		if !strings.Contains(got, want) {
			t.Errorf("-runtruth.settings lacks %q:\n%s", want, got)
		}
	}
}

func TestSettingsEmpty(t *testing.T) {
	for _, s := range []any{nil, map[string]any{}, map[any]any{}} {
		got, err := golangci.Settings(s)
		if err != nil || got != "" {
			t.Errorf("Settings(%#v) = %q, %v; want no settings", s, got, err)
		}
	}
}

func TestSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     string
	}{
		{"unknown key", map[string]any{"include-test": true}, `unknown key "include-test"`},
		{"unknown nested key", map[string]any{"runs": []any{map[string]any{"type": "example.com/x.T", "feilds": []any{"Status"}}}}, `unknown key "feilds"`},
		{"wrong shape", map[string]any{"runs": "example.com/x.T"}, "runs"},
		{"bad value", map[string]any{"include-tests": "maybe"}, "include-tests"},
		{"bad pattern", map[string]any{"providers": map[string]any{"packages": []any{"..."}}}, "matches every package"},
		{"not a mapping", []any{"runs"}, "linters.settings.custom.runtruth.settings"},
		{"unknown check", map[string]any{"checks": "all,-dupetruht"}, "did you mean dupetruth?"},
		{"unknown check of a severity", map[string]any{"severity": map[string]any{"runsecret": "note"}}, "did you mean runsecrets?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := golangci.New(tc.settings)
			if err == nil {
				t.Fatalf("no error for %#v", tc.settings)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not mention %q", msg, tc.want)
			}
			if !strings.HasPrefix(msg, "linters.settings.custom.runtruth.settings") {
				t.Errorf("error %q does not name the settings", msg)
			}
		})
	}
}
