// Package store is the bottom service layer: it calls the provider.
package store

import (
	"context"

	"graph"
)

func FetchUsers(ctx context.Context, c *graph.Client) []string {
	u, _ := c.Users(ctx)
	return u
}

type Repo struct{ c *graph.Client }

func (r *Repo) Tenants(ctx context.Context) []string {
	return FetchUsers(ctx, r.c)
}

// Cached only reads memory.
func (r *Repo) Cached() []string { return nil }

// LoadAll is generic; calls of its instantiations resolve to it.
func LoadAll[T any](ctx context.Context, c *graph.Client, conv func(string) T) []T {
	var out []T
	for _, u := range FetchUsers(ctx, c) {
		out = append(out, conv(u))
	}
	return out
}

// fetch is unexported: it gets no fact, its exported callers do.
func fetch(ctx context.Context, c *graph.Client) { c.Users(ctx) }

func Refresh(ctx context.Context, c *graph.Client) { fetch(ctx, c) }
