// Package pages has its render entry points and provider chains in one
// package.
package pages

import (
	"context"
	"html/template"
	"io"
	"net/http"
	ttemplate "text/template"

	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"

	"graph"
	"lookalike"
)

type Page struct {
	client  *graph.Client
	gsc     *msgraphsdk.GraphServiceClient
	adapter msgraphsdk.RequestAdapter
	fetcher graph.Fetcher
	conn    graph.Conn
	handle  lookalike.Handle
	hc      *http.Client
	cache   map[string][]string
	onClick func()
}

// Render has the templ component shape.
func (p Page) Render(ctx context.Context, w io.Writer) error {
	users := loadTenant(ctx, p.client) // want `^render path Page.Render reaches provider call \(\*graph.Client\).Users via loadTenant → fetchUsers; load it in a job or service before rendering and pass the result in$`
	_, _ = io.WriteString(w, users[0])
	return nil
}

func loadTenant(ctx context.Context, c *graph.Client) []string { return fetchUsers(ctx, c) }

func fetchUsers(ctx context.Context, c *graph.Client) []string {
	u, _ := c.Users(ctx)
	return u
}

// Dashboard is a render entry point by directive.
//
//runtruth:render
func Dashboard(ctx context.Context, p *Page, req *http.Request) {
	_, _ = http.Get("https://example.com/a")                     // want `^render path Dashboard makes provider call http.Get; load it in a job or service before rendering and pass the result in$`
	_, _ = http.Post("https://example.com/a", "text/plain", nil) // want `makes provider call http.Post`
	_, _ = http.PostForm("https://example.com/a", nil)           // want `makes provider call http.PostForm`
	_, _ = http.Head("https://example.com/a")                    // want `makes provider call http.Head`
	_, _ = p.hc.Do(req)                                          // want `render path Dashboard makes provider call \(\*http.Client\).Do`
	_, _ = http.DefaultClient.Get("https://example.com/b")       // want `makes provider call \(\*http.Client\).Get`
	_, _ = p.gsc.Users().Get(ctx)                                // want `makes provider call \(\*msgraphsdk.UsersRequestBuilder\).Get` `makes provider call \(\*msgraphsdk.GraphServiceClient\).Users`
	_ = p.adapter.Send(ctx)                                      // want `makes provider call msgraphsdk.RequestAdapter.Send`
	_, _ = p.fetcher.Fetch(ctx)                                  // want `makes provider call graph.Fetcher.Fetch`
	_ = p.conn.Close()                                           // want `render path Dashboard makes provider call graph.Conn.Close`
	_ = p.conn.Query("q")                                        // want `makes provider call graph.Conn.Query`
	go refresh(ctx, p.client)                                    // want `render path Dashboard reaches provider call \(\*graph.Client\).Users via refresh`
	defer func() {
		_ = fetchUsers(ctx, p.client) // want `render path Dashboard reaches provider call \(\*graph.Client\).Users via fetchUsers`
	}()
	func() {
		_ = loadTenant(ctx, p.client) // want `via loadTenant → fetchUsers`
	}()
	go func() {
		_ = fetchUsers(ctx, p.client) // want `via fetchUsers`
	}()

	// Silent: not provider calls.
	_, _ = http.NewRequest("GET", "https://example.com", nil)
	p.hc.CloseIdleConnections()
	var lc lookalike.Client
	_, _ = lc.Users(ctx)
	_ = lc.Do("x")
	_ = lookalike.Get("x")
	_ = p.handle.Close()
	var d lookalike.Doer = &lc
	_ = d.Do("y")
	_ = even(3)
	_ = p.cached()
	// Silent: stored, not called.
	p.onClick = func() { _ = fetchUsers(ctx, p.client) }
	later := func() { _ = fetchUsers(ctx, p.client) }
	_ = later
	// Silent: enqueued as a job, by func value and by method value.
	enqueue(func() { _ = fetchUsers(ctx, p.client) })
	enqueue(p.sync)
}

func refresh(ctx context.Context, c *graph.Client) { _ = fetchUsers(ctx, c) }

var jobs = make(chan func(), 8)

func enqueue(job func()) { jobs <- job }

func (p *Page) sync() { _ = fetchUsers(context.Background(), p.client) }

func (p *Page) cached() []string { return p.cache["users"] }

// even and odd recurse without reaching a provider.
func even(n int) bool {
	if n == 0 {
		return true
	}
	return odd(n - 1)
}

func odd(n int) bool {
	if n == 0 {
		return false
	}
	return even(n - 1)
}

// walk recurses and reaches a provider.
func walk(ctx context.Context, n int, c *graph.Client) {
	if n > 0 {
		walk(ctx, n-1, c)
		return
	}
	_, _ = c.Users(ctx)
}

// Sync is not a render path: it may call providers.
func Sync(ctx context.Context, p *Page) {
	_ = fetchUsers(ctx, p.client)
	_, _ = http.Get("https://example.com")
	walk(ctx, 2, p.client)
}

// Widget is a render type: all its methods render.
//
//runtruth:render
type Widget struct {
	base
	loader Loader[string]
}

type base struct{ c *graph.Client }

func (b *base) load(ctx context.Context) []string { return fetchUsers(ctx, b.c) }

// Loader is generic; calls through instantiations resolve to its methods.
type Loader[T any] struct{ c *graph.Client }

func (l *Loader[T]) Load(ctx context.Context) []T {
	walk(ctx, 1, l.c)
	return nil
}

func loadAll[T any](ctx context.Context, c *graph.Client) []T {
	refresh(ctx, c)
	return nil
}

func (w *Widget) Title(ctx context.Context) string {
	_ = w.load(ctx)               // want `render path \(\*Widget\).Title reaches provider call \(\*graph.Client\).Users via \(\*base\).load → fetchUsers`
	_ = w.loader.Load(ctx)        // want `render path \(\*Widget\).Title reaches provider call \(\*graph.Client\).Users via \(\*Loader\).Load → walk`
	_ = loadAll[int](ctx, w.c)    // want `via loadAll → refresh → fetchUsers`
	_ = loadAll[string](ctx, w.c) // want `via loadAll → refresh → fetchUsers`
	walk(ctx, 3, w.c)             // want `render path \(\*Widget\).Title reaches provider call \(\*graph.Client\).Users via walk; load`
	return ""
}

// NotAComponent has a Render method of another shape: not an entry point.
type NotAComponent struct{ c *graph.Client }

func (n NotAComponent) Render(w io.Writer) error {
	_ = fetchUsers(context.Background(), n.c)
	return nil
}

func (p *Page) tenantNames() []string {
	return loadTenant(context.Background(), p.client) // want `render path \(\*Page\).tenantNames reaches provider call \(\*graph.Client\).Users via loadTenant → fetchUsers`
}

func Funcs(p *Page) template.FuncMap {
	return template.FuncMap{
		"users": func() []string {
			return fetchUsers(context.Background(), p.client) // want `render path template func "users" reaches provider call \(\*graph.Client\).Users via fetchUsers`
		},
		"tenant": p.tenantNames,
		"cached": p.cached,
		"get":    http.Get, // want `render path template func "get" makes provider call http.Get`
		"upper":  func(s string) string { return s },
		"even":   even,
	}
}

func TextTemplates(p *Page) {
	ttemplate.New("t").Funcs(ttemplate.FuncMap{
		"names": remoteNames, // a func of this package: reported in its body
	})
	template.New("h").Funcs(map[string]any{
		"fetch": func() []string {
			return fetchUsers(context.Background(), p.client) // want `render path template func "fetch" reaches provider call`
		},
	})
	// Silent: a map that is not a FuncMap.
	_ = map[string]any{"fetch": func() []string { return fetchUsers(context.Background(), p.client) }}
}

func remoteNames(ctx context.Context, c *graph.Client) []string {
	u, _ := c.Users(ctx) // want `render path remoteNames makes provider call \(\*graph.Client\).Users`
	return u
}
