// Package scmpage renders a page with an SCM and a chat client in reach.
package scmpage

import (
	"context"

	"chat"
	"scm"
)

func Page(ctx context.Context, c *scm.Client) string {
	_, _ = c.Users.Find(ctx)   // want `render path Page makes provider call scm.Client.Users.Find`
	_, _ = c.Do(ctx, "/user")  // want `render path Page makes provider call \(\*scm.Client\).Do`
	_ = chat.Post("#ops", "x") // want `render path Page makes provider call chat.Post`

	// Silent: excluded, or not the provider's API.
	_ = c.Rate()
	_ = chat.Escape("x")
	_ = scm.Join("a", "b")
	return c.BaseURL
}
