package pages

import (
	"context"
	"net/http"

	"graph"
	"webtree/webctx"
)

// LegacyPage is a page view in a file the configuration excludes: silent.
func LegacyPage(ctx *webctx.Context, c *graph.Client) {
	_, _ = c.Users(context.Background())
	ctx.HTML(http.StatusOK, "legacy")
}
