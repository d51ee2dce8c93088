package runsecrets_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/analyzers/runsecrets"
	"github.com/runtruth/runtruth/internal/loader"
)

// The benchmark generates a module of layered packages that use a run
// service the way a real one does (provider calls, helpers in other
// packages, strings and fmt, maps and struct literals, sinks, a few leaks)
// and runs the suite over it with and without runsecrets.
//
//	go test -run '^$' -bench . ./analyzers/runsecrets
//
// BenchmarkSuite reports, besides ns/op for both runs, the CPU time of the
// suite without runsecrets (base-ms/op) and with it (with-ms/op), and
// runsecrets' share of the total analysis time (runsecrets-%). Loading
// and type-checking the packages (with the standard library, from source,
// as the checker needs) is not counted; load-ms reports it once.

const benchOprun = `// Package oprun stands in for the run service.
package oprun

import "context"

type ReasonCode string

type Reason struct {
	Code    ReasonCode
	Message string
}

type Context map[string]any

// Run is a run record.
//
//runtruth:run fields=Status sinks=Reason,Context
type Run struct {
	ID      string
	Status  string
	Reason  Reason
	Context Context
}

type Service struct{ runs map[string]*Run }

// UpdateContext merges kv into a run's context.
//
//runtruth:sink kv
func (s *Service) UpdateContext(ctx context.Context, id string, kv Context) error {
	r := s.runs[id]
	for k, v := range kv {
		r.Context[k] = v
	}
	return nil
}

// Fail fails a run.
//
//runtruth:sink reason
func (s *Service) Fail(ctx context.Context, id string, reason Reason) error {
	s.runs[id].Reason = Reason{Code: reason.Code, Message: Redact(reason.Message)}
	return nil
}

// Redact redacts.
//
//runtruth:sanitizer
func Redact(s string) string { return "[REDACTED]" }

// ReasonFrom maps an error.
//
//runtruth:sanitizer
func ReasonFrom(err error) Reason { return Reason{Code: "internal"} }
`

const benchProvider = `// Package provider is a remote API client.
//
//runtruth:provider
package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

type User struct{ ID, Name, Mail string }

type Client struct {
	HTTP  *http.Client
	Base  string
	Token string
}

func (c *Client) Users(ctx context.Context) ([]User, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+"/users", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer resp.Body.Close()
	var page struct{ Value []User }
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return nil, err
	}
	return page.Value, nil
}
`

// benchPackage returns the source of package k, which imports packages
// k-1 and k-2.
func benchPackage(k, funcs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package p%d\n\nimport (\n\t\"context\"\n\t\"errors\"\n\t\"fmt\"\n\t\"strconv\"\n\t\"strings\"\n\n", k)
	b.WriteString("\t\"bench.example/svc/oprun\"\n\t\"bench.example/svc/provider\"\n")
	for _, d := range []int{k - 1, k - 2} {
		if d >= 0 {
			fmt.Fprintf(&b, "\tp%d \"bench.example/svc/p%d\"\n", d, d)
		}
	}
	b.WriteString(")\n\n")
	b.WriteString("type Config struct {\n\tHost     string\n\tPort     int\n\tPassword string\n\tAPIKey   string\n}\n\n")
	b.WriteString("type Worker struct {\n\tSvc    *oprun.Service\n\tClient *provider.Client\n\tCfg    Config\n}\n\n")
	b.WriteString("type step struct {\n\tname, detail string\n\tcount      int\n}\n\n")
	for j := range funcs {
		dep := ""
		if k > 0 {
			dep = fmt.Sprintf("p%d.Describe%d", k-1, j)
		}
		fmt.Fprintf(&b, `// Describe%[1]d turns an error into a sentence.
func Describe%[1]d(err error, n int) string {
	if err == nil {
		return "ok " + strconv.Itoa(n)
	}
	return fmt.Sprintf("step %[1]d failed after %%d items: %%v", n, err)
}

// Record%[1]d stores a detail in a run's context.
func Record%[1]d(ctx context.Context, svc *oprun.Service, id, detail string, extra map[string]string) error {
	kv := oprun.Context{"step": "%[1]d"}
	for key, v := range extra {
		kv[strings.ToLower(key)] = v
	}
	kv["detail"] = strings.TrimSpace(detail)
	return svc.UpdateContext(ctx, id, kv)
}

func (w *Worker) Step%[1]d(ctx context.Context, id string, token string, n int) error {
	users, err := w.Client.Users(ctx)
	if err != nil {
		_ = w.Svc.Fail(ctx, id, oprun.ReasonFrom(err))
		return fmt.Errorf("step %[1]d: %%w", err)
	}
	s := &step{name: "s%[1]d", count: len(users)}
	s.detail = fmt.Sprintf("%%s: %%d users on %%s:%%d", s.name, s.count, w.Cfg.Host, w.Cfg.Port)
	parts := []string{s.detail, strconv.Itoa(n)}
	for i, u := range users {
		if i > n {
			break
		}
		parts = append(parts, strconv.Itoa(len(u.Name)))
	}
	if n%%7 == %[2]d {
		// A leak: the token ends in the run context.
		_ = Record%[1]d(ctx, w.Svc, id, "token "+token, nil)
	}
	if token == "" {
		return errors.New("no token")
	}
	msg := strings.Join(parts, " ")
	if err := Record%[1]d(ctx, w.Svc, id, msg, map[string]string{"Host": w.Cfg.Host}); err != nil {
		return err
	}
`, j, j%7)
		if dep != "" {
			fmt.Fprintf(&b, "\t_ = w.Svc.Fail(ctx, id, oprun.Reason{Code: \"x\", Message: %s(nil, n)})\n", dep)
		}
		if k > 1 {
			fmt.Fprintf(&b, "\t_ = p%d.Record%d(ctx, w.Svc, id, w.Cfg.Host, nil)\n", k-2, j)
		}
		b.WriteString("\treturn nil\n}\n\n")
	}
	return b.String()
}

// writeBenchModule writes the synthetic module into dir.
func writeBenchModule(tb testing.TB, dir string, pkgs, funcs int) {
	tb.Helper()
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("go.mod", "module bench.example/svc\n\ngo 1.26\n")
	write("oprun/oprun.go", benchOprun)
	write("provider/provider.go", benchProvider)
	for k := range pkgs {
		write(fmt.Sprintf("p%d/p%d.go", k, k), benchPackage(k, funcs))
	}
}

// loadBenchModule writes and loads the synthetic module. It returns the
// packages and the CPU (or wall) time loading took.
func loadBenchModule(tb testing.TB, pkgs, funcs int) ([]*packages.Package, time.Duration) {
	tb.Helper()
	start, cpu := time.Now(), cpuTime()
	dir := tb.TempDir()
	writeBenchModule(tb, dir, pkgs, funcs)
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off"),
	}
	loaded, err := loader.Load(cfg, "./...")
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(loaded) > 0 {
		tb.Fatal("the synthetic module does not load")
	}
	d := cpuTime() - cpu
	if d <= 0 {
		d = time.Since(start)
	}
	return loaded, d
}

// suites returns the suite without runsecrets (and without any check that
// requires it) and the same suite with it.
func suites() (base, with []*analysis.Analyzer) {
	for _, a := range analyzers.All() {
		if !requires(a, runsecrets.Analyzer) {
			base = append(base, a)
		}
	}
	with = append(slices.Clone(base), runsecrets.Analyzer)
	return base, with
}

func requires(a, target *analysis.Analyzer) bool {
	if a == target {
		return true
	}
	for _, r := range a.Requires {
		if requires(r, target) {
			return true
		}
	}
	return false
}

// analyze runs the analyzers over pkgs and returns the CPU time they took
// (the wall time where CPU time is not known) and the number of runsecrets
// findings. The garbage of earlier runs is collected first, so that one
// run does not pay for another.
func analyze(tb testing.TB, as []*analysis.Analyzer, pkgs []*packages.Package) (time.Duration, int) {
	tb.Helper()
	runtime.GC()
	start, cpu := time.Now(), cpuTime()
	g, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	d := cpuTime() - cpu
	if d <= 0 {
		d = time.Since(start)
	}
	n := 0
	for act := range g.All() {
		if act.IsRoot && act.Analyzer == runsecrets.Analyzer {
			if act.Err != nil {
				tb.Fatal(act.Err)
			}
			n += len(act.Diagnostics)
		}
	}
	return d, n
}

// TestBenchModule checks the synthetic module on a small scale: it loads,
// and runsecrets finds its leaks (one per Step function)
// and nothing else.
func TestBenchModule(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the standard library from source")
	}
	const pkgs, funcs = 3, 8
	loaded, _ := loadBenchModule(t, pkgs, funcs)
	_, with := suites()
	_, n := analyze(t, with, loaded)
	if want := pkgs * funcs; n != want {
		t.Errorf("runsecrets reported %d findings in the synthetic module, want %d", n, want)
	}
}

func BenchmarkSuite(b *testing.B) {
	const pkgs, funcs = 40, 25
	loaded, load := loadBenchModule(b, pkgs, funcs)
	base, with := suites()
	var baseTotal, withTotal time.Duration
	b.ResetTimer()
	for b.Loop() {
		d, _ := analyze(b, base, loaded)
		baseTotal += d
		d, _ = analyze(b, with, loaded)
		withTotal += d
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(load.Milliseconds()), "load-ms")
	b.ReportMetric(float64(baseTotal.Milliseconds())/n, "base-ms/op")
	b.ReportMetric(float64(withTotal.Milliseconds())/n, "with-ms/op")
	if withTotal > 0 {
		b.ReportMetric(100*float64(withTotal-baseTotal)/float64(withTotal), "runsecrets-%")
	}
}

// BenchmarkRunSecrets measures runsecrets alone (with the shared model
// pass) over the synthetic module.
func BenchmarkRunSecrets(b *testing.B) {
	loaded, _ := loadBenchModule(b, 40, 25)
	b.ResetTimer()
	for b.Loop() {
		analyze(b, []*analysis.Analyzer{runsecrets.Analyzer}, loaded)
	}
}
