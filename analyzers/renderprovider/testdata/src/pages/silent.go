package pages

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	ttemplate "text/template"

	"graph"
	"lookalike"
)

// Quiet is a render path that stays clear of providers.
//
//runtruth:render
func Quiet(ctx context.Context, p *Page, req *http.Request) string {
	_ = http.StatusText(http.StatusOK)    // net/http, but not the client
	_ = req.Header.Get("Accept-Language") // reading the request is fine
	_ = p.hc.Timeout                      // a field, not a call
	load := makeLoader(ctx, p.client)     // returns a func literal, does not call it
	_ = load
	go audit("quiet") // a goroutine that reaches no provider
	defer audit("done")
	return strings.Join(p.cache["users"], ",")
}

func makeLoader(ctx context.Context, c *graph.Client) func() []string {
	return func() []string { return fetchUsers(ctx, c) }
}

func audit(string) {}

// Jobs is not a render path: goroutines may call providers.
func Jobs(ctx context.Context, p *Page) {
	go refresh(ctx, p.client)
}

// Shapes close to the templ component that are not it.
type Counted struct{ c *graph.Client }

func (c Counted) Render(ctx context.Context, w io.Writer) (int, error) {
	return len(fetchUsers(ctx, c.c)), nil
}

type Buffered struct{ c *graph.Client }

func (b Buffered) Render(ctx context.Context, w *bytes.Buffer) error {
	_ = fetchUsers(ctx, b.c)
	return nil
}

func QuietFuncs() ttemplate.FuncMap {
	return ttemplate.FuncMap{
		"get":   lookalike.Get, // a provider-looking name of a package that is no provider
		"upper": strings.ToUpper,
	}
}
