package pages

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"graph"
	"layout"
	"webtree/webctx"
)

// SignUpPost is a form post: it verifies a captcha against a remote
// service and redirects. It renders only in branches that return early,
// to show the form again with its errors: an action, not a page view.
func SignUpPost(ctx *webctx.Context) {
	if ctx.HasError() {
		ctx.HTML(http.StatusOK, "signup")
		return
	}
	resp, err := http.PostForm("https://captcha.example.com/verify", nil)
	if err != nil {
		ctx.RenderWithErr("captcha unavailable", "signup")
		return
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	default:
		if resp.StatusCode >= 500 {
			show(ctx)
		}
		return
	}
	ctx.Redirect("/")
}

// API writes JSON: no render path.
func API(ctx *webctx.Context, c *graph.Client) {
	users, _ := c.Users(context.Background())
	ctx.JSON(http.StatusOK, users)
}

// GinAction redirects after a remote call; it renders only on an error.
func GinAction(g *gin.Context, c *graph.Client) {
	if _, err := c.Users(context.Background()); err != nil {
		g.HTML(http.StatusBadGateway, "error", nil)
		return
	}
	g.Redirect(http.StatusSeeOther, "/")
}

// Panics renders only before a panic.
func Panics(ctx *webctx.Context, c *graph.Client) {
	if _, err := c.Users(context.Background()); err != nil {
		ctx.HTML(http.StatusBadGateway, "error")
		panic(err)
	}
	ctx.Redirect("/")
}

// Undeclared renders through a layout function that is not declared a
// render call: not known to render.
func Undeclared(w http.ResponseWriter, c *graph.Client) {
	users, _ := c.Users(context.Background())
	_ = layout.Fragment(w, users)
}

// Deferred hands the remote call to a func literal it only stores.
func Deferred(ctx *webctx.Context, c *graph.Client, queue func(func())) {
	queue(func() { _, _ = c.Users(context.Background()) })
	ctx.HTML(http.StatusOK, "queued")
}

// HandleSave returns a handler that redirects: not a render path.
func HandleSave(c *graph.Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = c.Users(r.Context())
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}
}

// Register2 is a form post that renders on its main path (an activation
// prompt, through a function of its package) and redirects on it too
// (through another): an action, not a page view.
func Register2(ctx *webctx.Context, needsActivation bool) {
	if _, err := http.PostForm("https://captcha.example.com/verify", nil); err != nil {
		ctx.RenderWithErr("captcha unavailable", "signup")
		return
	}
	created(ctx, needsActivation)
	signIn(ctx)
}

func created(ctx *webctx.Context, needsActivation bool) {
	if needsActivation {
		ctx.HTML(http.StatusOK, "activate")
	}
}

func signIn(ctx *webctx.Context) { ctx.Redirect("/") }

// prompt renders a page after a remote call. It is a helper of the
// package's handlers, not a handler: its call is reported in the page
// views that make it (Prompted), not in the actions (Register3).
func prompt(ctx *webctx.Context) {
	_, _ = http.Get("https://example.com/quota")
	ctx.HTML(http.StatusOK, "prompt")
}

func Register3(ctx *webctx.Context) {
	prompt(ctx)
	ctx.Redirect("/")
}
