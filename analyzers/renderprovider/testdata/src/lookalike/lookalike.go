// Package lookalike has provider-looking names but is no provider.
package lookalike

import (
	"context"
	"io"
)

type Client struct{ users []string }

func (c *Client) Users(ctx context.Context) ([]string, error) { return c.users, nil }

func (c *Client) Do(name string) string { return name }

func Get(url string) string { return url }

// Doer is an interface of a package that is not a provider package.
type Doer interface {
	Do(name string) string
}

// Handle embeds io.Closer in a package that is no provider.
type Handle interface{ io.Closer }
