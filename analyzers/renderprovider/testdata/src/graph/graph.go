// Package graph is a provider package by directive.
//
//runtruth:provider
package graph

import (
	"context"
	"io"
)

type Client struct{}

func (c *Client) Users(ctx context.Context) ([]string, error) { return nil, nil }

// Fetcher is an interface declared in a provider package: calling its
// methods is a provider call.
type Fetcher interface {
	Fetch(ctx context.Context) ([]byte, error)
}

// Conn embeds io.Closer: calling Close through it is a provider call too.
type Conn interface {
	io.Closer
	Query(q string) error
}
