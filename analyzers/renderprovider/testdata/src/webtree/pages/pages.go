// Package pages is in the configured render tree: its functions that
// render are render paths, the others are not.
package pages

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"

	"github.com/a-h/templ"
	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"

	"graph"
	"layout"
	"webtree/webctx"
)

var tmpl = template.Must(template.New("page").Parse("{{.}}"))

// Discussions is a page view: it renders on its main path, after a remote
// call.
func Discussions(ctx *webctx.Context, c *graph.Client, signedIn bool) {
	if !signedIn {
		ctx.Redirect("/login") // a redirect in a branch that returns: still a page view
		return
	}
	users, err := c.Users(context.Background()) // want `render path Discussions makes provider call \(\*graph.Client\).Users; load it in a job or service before rendering and pass the result in`
	if err != nil {
		ctx.HTML(http.StatusInternalServerError, "error")
		return
	}
	ctx.Data["Users"] = users
	ctx.HTML(http.StatusOK, "discussions")
}

// View executes a template in the init of its last statement.
func View(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("https://example.com/feed") // want `render path View makes provider call http.Get`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	if err := tmpl.Execute(w, resp.Header); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// Indirect renders through a function of its package that renders.
func Indirect(ctx *webctx.Context, c *graph.Client) {
	_, _ = c.Users(context.Background()) // want `render path Indirect makes provider call \(\*graph.Client\).Users`
	show(ctx)
}

func show(ctx *webctx.Context) { ctx.HTML(http.StatusOK, "page") }

// Loaded calls a helper that calls the provider, then renders.
func Loaded(ctx *webctx.Context, c *graph.Client) {
	ctx.Data["Users"] = load(c) // want `render path Loaded reaches provider call \(\*graph.Client\).Users via load`
	ctx.HTML(http.StatusOK, "loaded")
}

func load(c *graph.Client) []string {
	u, _ := c.Users(context.Background())
	return u
}

// Saved mutates and then renders on its main path (no redirect): the
// user waits for the remote call before the page is shown, so it is a
// render path.
func Saved(ctx *webctx.Context) {
	_, _ = http.PostForm("https://example.com/save", nil) // want `render path Saved makes provider call http.PostForm`
	ctx.HTML(http.StatusOK, "saved")
}

// HandleFeed returns the handler: the func literal is the render path.
func HandleFeed(c *graph.Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		users, _ := c.Users(r.Context()) // want `render path HandleFeed.func1 makes provider call \(\*graph.Client\).Users`
		_ = tmpl.Execute(w, users)
	}
}

// Register passes handlers to a mux; the one that renders is a render path.
func Register(mux *http.ServeMux, c *graph.Client) {
	mux.HandleFunc("/users", func(w http.ResponseWriter, r *http.Request) {
		users, _ := c.Users(r.Context()) // want `render path Register.func1 makes provider call \(\*graph.Client\).Users`
		_ = layout.Page(w, users)
	})
	mux.HandleFunc("/api/users", func(w http.ResponseWriter, r *http.Request) {
		users, _ := c.Users(r.Context()) // silent: an API handler writes JSON
		_ = json.NewEncoder(w).Encode(users)
	})
}

// GinPage and EchoPage render with their framework's render call.
func GinPage(g *gin.Context, c *graph.Client) {
	users, _ := c.Users(context.Background()) // want `render path GinPage makes provider call`
	g.HTML(http.StatusOK, "users", users)
}

func EchoPage(e echo.Context, c *graph.Client) error {
	users, _ := c.Users(context.Background()) // want `render path EchoPage makes provider call`
	return e.Render(http.StatusOK, "users", users)
}

// TemplPage renders a templ component.
func TemplPage(w http.ResponseWriter, r *http.Request, c *graph.Client, page func([]string) templ.Component) {
	users, _ := c.Users(r.Context()) // want `render path TemplPage makes provider call`
	_ = page(users).Render(r.Context(), w)
}

// Prompted is a page view through a helper of the package.
func Prompted(ctx *webctx.Context) {
	prompt(ctx) // want `render path Prompted reaches provider call http.Get via prompt`
}
