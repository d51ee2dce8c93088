// Command gen writes a synthetic Go module for benchmarking runtruth: N
// packages in layers, as a multi-tenant service is built.
//
//	go run ./bench/gen -n 500 -o /tmp/synth
//
// The module (synth.example/app) has, from the bottom up:
//
//   - two provider packages: provider/graph, a provider by
//     //runtruth:provider directive, and provider/crm, a provider by
//     .runtruth.yml pattern that wraps net/http; plus a nested module
//     github.com/microsoftgraph/msgraph-sdk-go (a default provider path,
//     wired with a replace directive) that is not one of the N packages;
//   - four service layers, internal/l0 … internal/l3, each package
//     importing up to three packages of the layer below (fan-out), so that
//     popular packages are imported by many (fan-in); the bottom layer
//     calls the providers;
//   - render packages, web/pN (a tenth of N), with templ-shaped Render
//     methods, template.FuncMap literals and //runtruth:render funcs over
//     the top service layer.
//
// A render path reaches a provider call through five calls (render →
// l0 → l1 → l2 → l3 → provider). Every third render package has such a
// violation; the others read caches or enqueue jobs. The same -n and
// -seed always write the same module.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"math/rand"
	"os"
	"path/filepath"
)

func main() {
	n := flag.Int("n", 50, "number of packages of the module (at least 7)")
	out := flag.String("o", "", "directory to write the module to (created; must be empty or absent)")
	seed := flag.Int64("seed", 1, "seed of the import graph")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen [-n N] [-seed S] -o DIR")
		os.Exit(2)
	}
	if err := generate(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// modulePath is the synthetic module's path.
const modulePath = "synth.example/app"

// levels is the number of service layers.
const levels = 4

// fanout is the number of packages of the layer below that a service or
// render package imports.
const fanout = 3

// layout is the shape of a synthetic module.
type layout struct {
	render int   // render packages
	layer  []int // packages per service layer, top first
}

// plan divides n packages into provider, service and render packages.
func plan(n int) (layout, error) {
	if n < 3+levels {
		return layout{}, fmt.Errorf("-n %d: need at least %d packages", n, 3+levels)
	}
	l := layout{render: max(1, n/10)}
	rest := n - 2 - l.render
	for i := range levels {
		size := rest / levels
		if i < rest%levels {
			size++
		}
		l.layer = append(l.layer, size)
	}
	return l, nil
}

func generate(dir string, n int, seed int64) error {
	l, err := plan(n)
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	rng := rand.New(rand.NewSource(seed))
	w := &writer{dir: dir}

	w.file("go.mod", fmt.Sprintf(`module %s

go 1.26

require github.com/microsoftgraph/msgraph-sdk-go v0.0.0

replace github.com/microsoftgraph/msgraph-sdk-go => ./third_party/msgraph-sdk-go
`, modulePath))
	w.file(".runtruth.yml", `# Packages that cannot carry a directive.
providers:
  packages:
    - synth.example/app/provider/crm/...
`)
	w.file("third_party/msgraph-sdk-go/go.mod", "module github.com/microsoftgraph/msgraph-sdk-go\n\ngo 1.26\n")
	w.gofile("third_party/msgraph-sdk-go/graph.go", msgraphSource)
	w.gofile("provider/graph/graph.go", graphSource)
	w.gofile("provider/crm/crm.go", crmSource)

	for k, size := range l.layer {
		below := 0
		if k+1 < levels {
			below = l.layer[k+1]
		}
		for i := range size {
			w.gofile(fmt.Sprintf("internal/l%d/p%d/service.go", k, i), servicePackage(k, i, pick(rng, below)))
		}
	}
	for i := range l.render {
		w.gofile(fmt.Sprintf("web/p%d/page.go", i), renderPackage(i, pick(rng, l.layer[0])))
	}
	return w.err
}

// pick chooses up to fanout distinct packages of a layer of size n.
func pick(rng *rand.Rand, n int) []int {
	if n == 0 {
		return nil
	}
	perm := rng.Perm(n)
	return perm[:min(fanout, n)]
}

type writer struct {
	dir string
	err error
}

func (w *writer) file(name, content string) {
	if w.err != nil {
		return
	}
	path := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(path, []byte(content), 0o644)
}

func (w *writer) gofile(name, src string) {
	out, err := format.Source([]byte(src))
	if err != nil {
		if w.err == nil {
			w.err = fmt.Errorf("%s: %v", name, err)
		}
		return
	}
	w.file(name, string(out))
}

func importPath(k, i int) string { return fmt.Sprintf("%s/internal/l%d/p%d", modulePath, k, i) }

func alias(i int) string { return fmt.Sprintf("d%d", i) }

// servicePackage is package p<i> of service layer k over the packages deps
// of layer k+1 (or, for the bottom layer, over the providers).
func servicePackage(k, i int, deps []int) string {
	var b bytes.Buffer
	bottom := k == levels-1
	fmt.Fprintf(&b, "// Package p%d is a service of layer %d.\npackage p%d\n\nimport (\n", i, k, i)
	for _, imp := range []string{"context", "errors", "fmt", "sort", "strings", "sync", "time"} {
		fmt.Fprintf(&b, "\t%q\n", imp)
	}
	if bottom {
		fmt.Fprintf(&b, "\n\tmsgraphsdk \"github.com/microsoftgraph/msgraph-sdk-go\"\n\t%q\n\t%q\n", modulePath+"/provider/crm", modulePath+"/provider/graph")
	} else {
		b.WriteString("\n")
		for j, d := range deps {
			fmt.Fprintf(&b, "\t%s %q\n", alias(j), importPath(k+1, d))
		}
	}
	b.WriteString(")\n\n")

	b.WriteString("// Service loads tenant data and keeps the last result.\ntype Service struct {\n\tmu    sync.Mutex\n\tcache map[string][]string\n\tseen  map[string]time.Time\n\tjobs  chan func(context.Context) error\n")
	if bottom {
		b.WriteString("\tgraph *graph.Client\n\tsdk   *msgraphsdk.GraphServiceClient\n\tcrm   *crm.Client\n")
	} else {
		for j := range deps {
			fmt.Fprintf(&b, "\t%s *%s.Service\n", alias(j), alias(j))
		}
	}
	b.WriteString("}\n\n")

	b.WriteString("// New returns a Service.\nfunc New() *Service {\n\treturn &Service{\n\t\tcache: map[string][]string{},\n\t\tseen:  map[string]time.Time{},\n\t\tjobs:  make(chan func(context.Context) error, 16),\n")
	if bottom {
		b.WriteString("\t\tgraph: graph.NewClient(\"https://graph.example\"),\n\t\tsdk:   msgraphsdk.NewGraphServiceClient(),\n\t\tcrm:   crm.NewClient(\"https://crm.example\"),\n")
	} else {
		for j := range deps {
			fmt.Fprintf(&b, "\t\t%s: %s.New(),\n", alias(j), alias(j))
		}
	}
	b.WriteString("\t}\n}\n\n")

	// Load reaches the providers through the unexported load.
	b.WriteString(`// ErrNoTenant is returned for an empty tenant.
var ErrNoTenant = errors.New("no tenant")

// Load fetches the tenant's items and caches them.
func (s *Service) Load(ctx context.Context, tenant string) ([]string, error) {
	if tenant == "" {
		return nil, ErrNoTenant
	}
	items, err := s.load(ctx, tenant)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", tenant, err)
	}
	s.mu.Lock()
	s.cache[tenant] = items
	s.seen[tenant] = time.Now()
	s.mu.Unlock()
	return items, nil
}

`)
	b.WriteString("func (s *Service) load(ctx context.Context, tenant string) ([]string, error) {\n\tvar all []string\n")
	if bottom {
		b.WriteString(`	users, err := s.graph.Users(ctx, tenant)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		all = append(all, u.Name)
	}
	ids, err := s.sdk.Users().Get(ctx)
	if err != nil {
		return nil, err
	}
	all = append(all, ids...)
	accounts, err := s.crm.Accounts(ctx, tenant)
	if err != nil {
		return nil, err
	}
	all = append(all, accounts...)
`)
	} else {
		for j := range deps {
			fmt.Fprintf(&b, "\tpart%d, err := s.%s.Load(ctx, tenant)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tall = append(all, part%d...)\n", j, alias(j), j)
		}
	}
	b.WriteString("\treturn normalize(all), nil\n}\n\n")

	// Snapshot only reads caches, through the layers.
	b.WriteString("// Snapshot returns what the last Load stored, without remote calls.\nfunc (s *Service) Snapshot(tenant string) []string {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tout := append([]string(nil), s.cache[tenant]...)\n")
	if !bottom {
		for j := range deps {
			fmt.Fprintf(&b, "\tout = append(out, s.%s.Snapshot(tenant)...)\n", alias(j))
		}
	}
	b.WriteString("\treturn normalize(out)\n}\n\n")

	b.WriteString(`// Enqueue hands work to the job runner.
func (s *Service) Enqueue(job func(context.Context) error) {
	s.jobs <- job
}

// Refresh enqueues a reload of the tenant.
func (s *Service) Refresh(tenant string) {
	s.Enqueue(func(ctx context.Context) error {
		_, err := s.Load(ctx, tenant)
		return err
	})
}

// Stale lists the tenants not loaded since the cutoff.
func (s *Service) Stale(cutoff time.Time) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for tenant, at := range s.seen {
		if at.Before(cutoff) {
			out = append(out, tenant)
		}
	}
	sort.Strings(out)
	return out
}

func normalize(items []string) []string {
	seen := make(map[string]bool, len(items))
	out := items[:0:0]
	for _, it := range items {
		it = strings.ToLower(strings.TrimSpace(it))
		if it == "" || seen[it] {
			continue
		}
		seen[it] = true
		out = append(out, it)
	}
	sort.Strings(out)
	return out
}

// Summary describes the items for a log line.
func Summary(items []string) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d:%s", i, it)
	}
	return fmt.Sprintf("%d items [%s]", len(items), b.String())
}

// Count counts the items per first letter.
func Count(items []string) map[string]int {
	counts := map[string]int{}
	for _, it := range items {
		if it == "" {
			continue
		}
		counts[it[:1]]++
	}
	return counts
}
`)
	return b.String()
}

// renderPackage is render package p<i> over the top-layer packages deps.
func renderPackage(i int, deps []int) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Package p%d renders pages.\npackage p%d\n\nimport (\n\t\"context\"\n\t\"html/template\"\n\t\"io\"\n\t\"strings\"\n\n", i, i)
	for j, d := range deps {
		fmt.Fprintf(&b, "\t%s %q\n", alias(j), importPath(0, d))
	}
	b.WriteString(")\n\n// Page is a templ-shaped component.\ntype Page struct {\n\tTenant string\n")
	for j := range deps {
		fmt.Fprintf(&b, "\t%s *%s.Service\n", alias(j), alias(j))
	}
	b.WriteString("}\n\nvar page = template.Must(template.New(\"page\").Parse(`<ul>{{range .}}<li>{{upper .}}</li>{{end}}</ul>`))\n\n")
	b.WriteString("// Render writes the page from cached data.\nfunc (p *Page) Render(ctx context.Context, w io.Writer) error {\n\tvar items []string\n")
	for j := range deps {
		fmt.Fprintf(&b, "\titems = append(items, p.%s.Snapshot(p.Tenant)...)\n", alias(j))
	}
	if i%3 == 0 {
		b.WriteString("\tfresh, err := p.d0.Load(ctx, p.Tenant)\n\tif err != nil {\n\t\treturn err\n\t}\n\titems = append(items, fresh...)\n")
	} else {
		b.WriteString("\tp.d0.Refresh(p.Tenant)\n")
	}
	b.WriteString("\treturn page.Funcs(p.funcs()).Execute(w, items)\n}\n\n")
	b.WriteString(`func (p *Page) funcs() template.FuncMap {
	return template.FuncMap{
		"upper": strings.ToUpper,
		"count": func(items []string) int { return len(items) },
		"cached": p.cached,
	}
}

func (p *Page) cached() []string { return p.d0.Snapshot(p.Tenant) }

// Title is a render func by directive.
//
//runtruth:render
func Title(p *Page) string {
	return strings.ToUpper(p.Tenant) + " (" + strings.Join(p.d0.Snapshot(p.Tenant), ",") + ")"
}
`)
	return b.String()
}

const msgraphSource = `// Package msgraphsdk stands in for the Microsoft Graph SDK.
package msgraphsdk

import "context"

type GraphServiceClient struct{}

func NewGraphServiceClient() *GraphServiceClient { return &GraphServiceClient{} }

func (c *GraphServiceClient) Users() *UsersRequestBuilder { return &UsersRequestBuilder{} }

type UsersRequestBuilder struct{}

func (b *UsersRequestBuilder) Get(ctx context.Context) ([]string, error) { return nil, ctx.Err() }
`

const graphSource = `// Package graph is the tenant directory client.
//
//runtruth:provider
package graph

import (
	"context"
	"fmt"
)

type Client struct{ base string }

type User struct {
	ID   string
	Name string
}

func NewClient(base string) *Client { return &Client{base: base} }

func (c *Client) Users(ctx context.Context, tenant string) ([]User, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s/%s/users: %w", c.base, tenant, err)
	}
	return []User{{ID: "1", Name: "Ada"}}, nil
}
`

const crmSource = `// Package crm is a plain HTTP client, a provider by configuration.
package crm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

type Client struct {
	base string
	hc   *http.Client
}

func NewClient(base string) *Client { return &Client{base: base, hc: http.DefaultClient} }

func (c *Client) Accounts(ctx context.Context, tenant string) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/tenants/%s/accounts", c.base, tenant), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out []string
	return out, json.NewDecoder(resp.Body).Decode(&out)
}
`
