// Package scm stands in for an SCM client library (go-scm): a client type
// whose API is in interface-typed fields, beside pure helpers.
package scm

import "context"

type User struct{ Login string }

type UsersService interface {
	Find(ctx context.Context) (*User, error)
}

type Rate struct{ Remaining int }

type Client struct {
	Users   UsersService
	BaseURL string
	rate    Rate
}

// Do sends a request to the SCM.
func (c *Client) Do(ctx context.Context, path string) ([]byte, error) { return nil, nil }

// Rate returns the rate limit of the last response, cached: no call.
func (c *Client) Rate() Rate { return c.rate }

// Join is a pure helper.
func Join(a, b string) string { return a + "/" + b }
