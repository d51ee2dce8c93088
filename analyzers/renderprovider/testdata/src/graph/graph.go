// Package graph is a provider package by directive.
//
//runtruth:provider
package graph

import "context"

type Client struct{}

func (c *Client) Users(ctx context.Context) ([]string, error) { return nil, nil }

// Fetcher is an interface declared in a provider package: calling its
// methods is a provider call.
type Fetcher interface {
	Fetch(ctx context.Context) ([]byte, error)
}
