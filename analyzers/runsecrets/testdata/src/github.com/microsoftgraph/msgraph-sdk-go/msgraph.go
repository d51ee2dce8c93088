// Package msgraph is a stand-in for the Microsoft Graph SDK: every func
// and method of it is a provider call by default.
package msgraph

import (
	"context"
	"errors"
)

type User struct {
	ID          string
	DisplayName string
}

// ODataError is the SDK's error type.
type ODataError struct {
	Code    string
	Message string
}

func (e *ODataError) Error() string { return e.Code + ": " + e.Message }

type Client struct{ Tenant string }

func NewClient(tenant string) (*Client, error) { return &Client{Tenant: tenant}, nil }

func (c *Client) Users(ctx context.Context) ([]User, error) {
	return nil, &ODataError{Code: "Forbidden", Message: "tenant " + c.Tenant}
}

func (c *Client) UserCount(ctx context.Context) (int, error) { return 0, errors.New("throttled") }

// UsersAPI is the SDK's interface.
type UsersAPI interface {
	Users(ctx context.Context) ([]User, error)
}
