package golangci_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/runtruth/runtruth/internal/demotest"
	"go.yaml.in/yaml/v3"
)

// The end-to-end test builds golangci-lint with the plugin the way
// `golangci-lint custom` does (golangci/custom-gcl.sh, which runs it with
// its git clone served from the Go module proxy), runs it on a copy of the
// demo and compares its findings with the standalone binary's.
//
// The custom binary is cached in the user cache directory, keyed by the
// golangci-lint version, the Go version and a hash of the plugin's source,
// so that only a change to runtruth rebuilds it.

// customGCL is the subset of .custom-gcl.yml the test rewrites.
type customGCL struct {
	Version     string `yaml:"version"`
	Name        string `yaml:"name,omitempty"`
	Destination string `yaml:"destination,omitempty"`
	Plugins     []struct {
		Module  string `yaml:"module"`
		Import  string `yaml:"import,omitempty"`
		Version string `yaml:"version,omitempty"`
		Path    string `yaml:"path,omitempty"`
	} `yaml:"plugins"`
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// e2eVar must be set for the end-to-end test to run: building a custom
// golangci-lint takes minutes, so it is a step of its own in .ci/run
// (RUNTRUTH_GOLANGCI_E2E=1 go test -run GolangciLint ./golangci), not part
// of go test ./....
const e2eVar = "RUNTRUTH_GOLANGCI_E2E"

func TestGolangciLintPlugin(t *testing.T) {
	if os.Getenv(e2eVar) == "" {
		t.Skipf("builds a custom golangci-lint; set %s=1 to run it", e2eVar)
	}
	for _, tool := range []string{"go", "git", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s: %v", tool, err)
		}
	}
	start := time.Now()
	root := repoRoot(t)
	gcl := buildCustomGCL(t, root)
	t.Logf("custom golangci-lint ready in %s: %s", time.Since(start).Round(time.Millisecond), gcl)

	bin := filepath.Join(t.TempDir(), "runtruth")
	if out, err := exec.Command("go", "build", "-o", bin, filepath.Join(root, "cmd", "runtruth")).CombinedOutput(); err != nil {
		t.Fatalf("go build runtruth: %v\n%s", err, out)
	}
	// golangci-lint's cache beside the binary: the binary's key covers
	// the plugin's source, so no result of an older plugin comes back.
	t.Setenv("GOLANGCI_LINT_CACHE", filepath.Join(filepath.Dir(gcl), "lint-cache"))
	example, err := os.ReadFile(filepath.Join(root, ".golangci.example.yml"))
	if err != nil {
		t.Fatal(err)
	}

	// settingsDemo copies the demo and moves its .runtruth.yml into the
	// linter's settings, the only source of the configuration under
	// golangci-lint; it returns the standalone findings of the copy and
	// the configuration.
	settingsDemo := func(t *testing.T) (demo string, want []string, wantRelated int, cfg []byte) {
		demo = copyDemo(t, root)
		want, wantRelated = standalone(t, bin, demo)
		cfg, err := os.ReadFile(filepath.Join(demo, ".runtruth.yml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(demo, ".runtruth.yml")); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(demo, ".golangci.yml"), withSettings(t, example, cfg))
		return demo, want, wantRelated, cfg
	}

	t.Run("same findings as standalone", func(t *testing.T) {
		demo, want, wantRelated, _ := settingsDemo(t)
		if len(want) == 0 {
			t.Fatal("the standalone binary found nothing in the demo")
		}
		got, related := golangciRun(t, gcl, demo, 1)
		assertSame(t, got, want)
		if related != wantRelated {
			t.Errorf("golangci-lint reported %d related-information issues, want %d (one per related position)", related, wantRelated)
		}
	})

	t.Run("nolint suppresses", func(t *testing.T) {
		demo, all, _, _ := settingsDemo(t)
		// Suppress the first finding whose line carries no comment yet.
		var file string
		var line int
		for _, f := range all {
			name, l := position(t, f)
			src := readLines(t, filepath.Join(demo, name))
			if !strings.Contains(src[l-1], "//") {
				file, line = name, l
				src[l-1] += " //nolint:runtruth // accepted by the end-to-end test"
				writeFile(t, filepath.Join(demo, name), []byte(strings.Join(src, "\n")))
				break
			}
		}
		if file == "" {
			t.Fatal("no finding on a line without a comment")
		}
		var want []string
		for _, f := range all {
			if name, l := position(t, f); name != file || l != line {
				want = append(want, f)
			}
		}
		if len(want) == len(all) {
			t.Fatal("no finding to suppress")
		}
		got, _ := golangciRun(t, gcl, demo, 1)
		assertSame(t, got, want)
		t.Logf("//nolint:runtruth on %s:%d suppressed %d of %d findings", file, line, len(all)-len(want), len(all))
	})

	t.Run("settings edit reruns", func(t *testing.T) {
		// The same lint cache as the runs above: an edit of the settings
		// must show in the findings, not an older result.
		demo, want, _, cfg := settingsDemo(t)
		got, _ := golangciRun(t, gcl, demo, 1)
		assertSame(t, got, want)
		writeFile(t, filepath.Join(demo, ".golangci.yml"), withSettings(t, example, append(cfg, "checks: all,-directwrite\n"...)))
		var noDirectwrite []string
		for _, f := range want {
			if !strings.HasSuffix(f, "(directwrite)") {
				noDirectwrite = append(noDirectwrite, f)
			}
		}
		if len(noDirectwrite) == len(want) {
			t.Fatal("the demo has no directwrite finding")
		}
		got, _ = golangciRun(t, gcl, demo, 1)
		assertSame(t, got, noDirectwrite)
	})

	t.Run(".runtruth.yml without settings is an error", func(t *testing.T) {
		demo := copyDemo(t, root)
		writeFile(t, filepath.Join(demo, ".golangci.yml"), example)
		cmd := exec.Command(gcl, "run", "--enable-only", "runtruth", "./...")
		cmd.Dir = demo
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "linters.settings.custom.runtruth.settings") {
			t.Errorf("golangci-lint beside a .runtruth.yml, without settings: %v\n%s", err, out)
		}
	})

	t.Run("unknown setting is an error", func(t *testing.T) {
		demo := copyDemo(t, root)
		writeFile(t, filepath.Join(demo, ".golangci.yml"), withSettings(t, example, []byte("include-test: true\n")))
		cmd := exec.Command(gcl, "run", "--enable-only", "runtruth", "./...")
		cmd.Dir = demo
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("golangci-lint with an unknown setting: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), `unknown key "include-test"`) {
			t.Errorf("the error does not name the unknown setting:\n%s", out)
		}
	})
	t.Logf("golangci-lint end-to-end test took %s", time.Since(start).Round(time.Millisecond))
}

// buildCustomGCL returns the custom golangci-lint for the plugin's current
// source, building it with golangci/custom-gcl.sh when the cache lacks it.
func buildCustomGCL(t *testing.T, root string) string {
	t.Helper()
	cfgData, err := os.ReadFile(filepath.Join(root, ".custom-gcl.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg customGCL
	if err := yaml.Unmarshal(cfgData, &cfg); err != nil {
		t.Fatalf(".custom-gcl.yml: %v", err)
	}
	if cfg.Version != "v2.15.0" {
		t.Fatalf(".custom-gcl.yml: version %q, the test is written for v2.15.0", cfg.Version)
	}
	if len(cfg.Plugins) != 1 || cfg.Plugins[0].Module != "github.com/runtruth/runtruth" || cfg.Plugins[0].Import != "github.com/runtruth/runtruth/golangci" || cfg.Plugins[0].Path == "" {
		t.Fatalf(".custom-gcl.yml: want the runtruth plugin by path, got %+v", cfg.Plugins)
	}
	script, err := os.ReadFile(filepath.Join(root, "golangci", "custom-gcl.sh"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}

	h := sha256.New()
	for _, part := range [][]byte{[]byte(cfg.Version), goVersion, cfgData, script, []byte(sourceHash(t, root))} {
		h.Write(part)
		h.Write([]byte{0})
	}
	key := hex.EncodeToString(h.Sum(nil))[:20]
	cacheRoot, err := os.UserCacheDir()
	if err != nil {
		t.Skipf("no user cache directory: %v", err)
	}
	cacheRoot = filepath.Join(cacheRoot, "runtruth")
	cached := filepath.Join(cacheRoot, "custom-gcl-"+cfg.Version+"-"+key, "custom-gcl")
	if st, err := os.Stat(cached); err == nil && st.Mode().IsRegular() {
		t.Logf("using the cached custom golangci-lint (key %s)", key)
		return cached
	}

	t.Logf("building a custom golangci-lint %s with the plugin (key %s)", cfg.Version, key)
	work := t.TempDir()
	cfg.Name = "custom-gcl"
	cfg.Destination = filepath.Join(work, "out")
	cfg.Plugins[0].Path = root
	data, err := yaml.Marshal(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(work, ".custom-gcl.yml"), data)
	cmd := exec.Command("bash", filepath.Join(root, "golangci", "custom-gcl.sh"), "-v")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "RUNTRUTH_CACHE="+cacheRoot)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("golangci/custom-gcl.sh: %v\n%s", err, out)
	}

	// Install it in the cache and drop the binaries of older sources.
	dir := filepath.Dir(cached)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := cached + ".tmp" + strconv.Itoa(os.Getpid())
	copyFile(t, filepath.Join(cfg.Destination, "custom-gcl"), tmp, 0o755)
	if err := os.Rename(tmp, cached); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(cacheRoot, "custom-gcl-*"))
	for _, o := range old {
		if o != dir {
			os.RemoveAll(o)
		}
	}
	return cached
}

// sourceHash hashes what goes into the plugin: go.mod, go.sum and the Go
// files of the module's packages that the plugin imports.
func sourceHash(t *testing.T, root string) string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", `{{if and (not .Standard) .Module}}{{if eq .Module.Path "github.com/runtruth/runtruth"}}{{.Dir}}{{range .GoFiles}}{{"\t"}}{{.}}{{end}}{{range .CgoFiles}}{{"\t"}}{{.}}{{end}}{{range .EmbedFiles}}{{"\t"}}{{.}}{{end}}{{"\n"}}{{end}}{{end}}`, "./golangci")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./golangci: %v", err)
	}
	files := []string{filepath.Join(root, "go.mod"), filepath.Join(root, "go.sum")}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Split(line, "\t")
		for _, f := range fields[1:] {
			files = append(files, filepath.Join(fields[0], f))
		}
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, f)
		h.Write([]byte(filepath.ToSlash(rel)))
		h.Write([]byte{0})
		h.Write(data)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// copyDemo copies testdata/demo into a temporary directory and points its
// replace directive at this repository.
func copyDemo(t *testing.T, root string) string { return demotest.Copy(t, root) }

// standalone runs the runtruth binary and returns its findings as sorted
// "file:line:col: message (check)" lines, and the number of their related
// positions.
func standalone(t *testing.T, bin, dir string) ([]string, int) {
	t.Helper()
	cmd := exec.Command(bin, "-json", "./...")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("runtruth: %v\n%s", err, stderr.String())
		}
	}
	var tree map[string]map[string][]struct {
		Posn    string            `json:"posn"`
		Message string            `json:"message"`
		Related []json.RawMessage `json:"related"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &tree); err != nil {
		t.Fatalf("runtruth -json: %v\n%s", err, stdout.String())
	}
	var lines []string
	related := 0
	for _, byCheck := range tree {
		for check, diags := range byCheck {
			for _, d := range diags {
				posn := d.Posn
				if rel, err := filepath.Rel(dir, posn); err == nil {
					posn = rel
				}
				lines = append(lines, filepath.ToSlash(posn)+": "+d.Message+" ("+check+")")
				related += len(d.Related)
			}
		}
	}
	sort.Strings(lines)
	return lines, related
}

type gclReport struct {
	Issues []struct {
		FromLinter string
		Text       string
		Pos        struct {
			Filename string
			Line     int
			Column   int
		}
	}
}

// golangciRun runs the custom golangci-lint with only runtruth enabled and
// returns its findings in the standalone binary's text form, sorted, and
// the number of related-information issues, which golangci-lint reports
// as issues of their own.
func golangciRun(t *testing.T, gcl, dir string, wantCode int) ([]string, int) {
	t.Helper()
	cmd := exec.Command(gcl, "run", "--enable-only", "runtruth", "--show-stats=false", "--output.text.path=", "--output.json.path=stdout", "./...")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code != wantCode {
		t.Fatalf("golangci-lint run: exit status %d, want %d\nstderr:\n%s\nstdout:\n%s", code, wantCode, stderr.String(), stdout.String())
	}
	var rep gclReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("golangci-lint JSON: %v\n%s", err, stdout.String())
	}
	var lines []string
	related := 0
	textRE := regexp.MustCompile(`^([a-z]+): (.*)$`)
	for _, is := range rep.Issues {
		if is.FromLinter != "runtruth" {
			t.Errorf("issue of linter %q: %s", is.FromLinter, is.Text)
			continue
		}
		if strings.Contains(is.Text, "(related information): ") {
			related++
			continue
		}
		m := textRE.FindStringSubmatch(is.Text)
		if m == nil {
			t.Errorf("issue text %q does not start with the check's name", is.Text)
			continue
		}
		name := is.Pos.Filename
		if filepath.IsAbs(name) {
			name, _ = filepath.Rel(dir, name)
		}
		lines = append(lines, filepath.ToSlash(name)+":"+strconv.Itoa(is.Pos.Line)+":"+strconv.Itoa(is.Pos.Column)+": "+m[2]+" ("+m[1]+")")
	}
	sort.Strings(lines)
	return lines, related
}

func assertSame(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("golangci-lint and the standalone binary disagree\ngolangci-lint:\n%s\n\nstandalone:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// withSettings returns the example configuration with the plugin settings
// set to the YAML document settings.
func withSettings(t *testing.T, example, settings []byte) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(example, &doc); err != nil {
		t.Fatal(err)
	}
	var value yaml.Node
	if err := yaml.Unmarshal(settings, &value); err != nil {
		t.Fatal(err)
	}
	plugin := lookup(t, doc.Content[0], "linters", "settings", "custom", "runtruth")
	plugin.Content = append(plugin.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "settings"}, value.Content[0])
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func lookup(t *testing.T, n *yaml.Node, path ...string) *yaml.Node {
	t.Helper()
	for _, key := range path {
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				n, found = n.Content[i+1], true
				break
			}
		}
		if !found {
			t.Fatalf(".golangci.example.yml has no %s", strings.Join(path, "."))
		}
	}
	return n
}

func position(t *testing.T, finding string) (string, int) {
	t.Helper()
	parts := strings.SplitN(finding, ":", 4)
	if len(parts) < 4 {
		t.Fatalf("bad finding %q", finding)
	}
	line, err := strconv.Atoi(parts[1])
	if err != nil {
		t.Fatalf("bad finding %q", finding)
	}
	return parts[0], line
}

func readLines(t *testing.T, path string) []string { return demotest.ReadLines(t, path) }

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string, perm os.FileMode) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
