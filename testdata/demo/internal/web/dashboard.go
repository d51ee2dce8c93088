// Package web renders the customer dashboard.
package web

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"sync"

	"example.com/backupsvc/internal/graph"
	"github.com/runtruth/runtruth/oprun"
)

// UsersPage lists a tenant's users. It is a templ-style component: its
// Render method runs on every page view.
type UsersPage struct {
	Graph *graph.Client
}

// Render asks Microsoft Graph for the users while the page renders.
func (p UsersPage) Render(ctx context.Context, w io.Writer) error {
	users, err := loadUsers(ctx, p.Graph)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "<p>%d users</p>", len(users))
	return err
}

func loadUsers(ctx context.Context, c *graph.Client) ([]graph.User, error) {
	return c.ListUsers(ctx)
}

// UserCache holds the users that the directory sync run loaded.
type UserCache struct {
	mu    sync.Mutex
	users map[string][]graph.User
}

// Users returns the cached users of a tenant.
func (c *UserCache) Users(tenant string) []graph.User {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.users[tenant]
}

// CachedUsersPage renders what the sync run loaded: no provider call.
type CachedUsersPage struct {
	Cache  *UserCache
	Tenant string
	RunID  string
}

// Render reads the cache and links the run that filled it.
func (p CachedUsersPage) Render(ctx context.Context, w io.Writer) error {
	users := p.Cache.Users(p.Tenant)
	_, err := fmt.Fprintf(w, "<p>%d users</p><a href=%q>last sync</a>", len(users), oprun.RunLink("", p.RunID))
	return err
}

// Funcs are the dashboard's template functions. mailboxSize calls the
// provider on every template execution.
func Funcs(c *graph.Client) template.FuncMap {
	return template.FuncMap{
		"mailboxSize": func(userID string) (int64, error) {
			return c.MailboxSize(context.Background(), userID)
		},
		"runLink": func(id string) string { return oprun.RunLink("", id) },
	}
}
