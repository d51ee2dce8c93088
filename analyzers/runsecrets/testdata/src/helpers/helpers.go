// Package helpers holds helpers that other packages call with secrets.
package helpers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"reflect"

	"github.com/runtruth/runtruth/oprun"
)

// Describe turns an error into a sentence.
func Describe(err error) string { return "sync failed: " + err.Error() }

// Wrap adds context to an error.
func Wrap(err error) error { return fmt.Errorf("helpers: %w", err) }

// Record stores a detail in a run's context.
func Record(ctx context.Context, svc *oprun.Service, id, detail string) error {
	return svc.UpdateContext(ctx, id, oprun.Context{"detail": detail})
}

// RecordTwice goes through Record.
func RecordTwice(ctx context.Context, svc *oprun.Service, id, detail string) error {
	return Record(ctx, svc, id, detail+" (again)")
}

// Fill puts a value into a context map.
func Fill(c oprun.Context, key, value string) { c[key] = value }

// LoadToken returns a token by its name.
func LoadToken() string { return os.Getenv("APP_KEY") }

// Mask shortens a value; it is not a sanitizer.
func Mask(s string) string {
	if len(s) < 4 {
		return s
	}
	return s[:4] + "…"
}

// Scrub is a sanitizer.
//
//runtruth:sanitizer
func Scrub(s string) string { return "***" }

// Length is the length of s.
func Length(s string) int { return len(s) }

// Noop takes a value and does nothing with it.
func Noop(ctx context.Context, svc *oprun.Service, id, detail string) error {
	_ = detail
	return svc.UpdateContext(ctx, id, oprun.Context{"detail": "fixed"})
}

// Settings is a configuration with secret fields.
type Settings struct {
	Host       string
	Port       int
	Password   string
	APIKey     string
	TokenURL   string
	TokenCount int
	// Signing is secret by directive.
	//
	//runtruth:secret
	Signing string
	// ClientSecret formats redacted.
	ClientSecret oprun.Secret
}

// APIKey is a secret type.
//
//runtruth:secret
type APIKey string

// Safe formats as its host only.
type Safe struct {
	Host     string
	Password string
}

// String prints the host.
//
//runtruth:sanitizer
func (s Safe) String() string { return s.Host }

// Member is a directory member as a remote API returns it.
type Member struct {
	ID          string
	DisplayName string
	Mail        string
}

// MemberPage is a page of members.
type MemberPage struct {
	Members       []Member
	NextPageToken string
}

// Members lists the members at url.
func Members(url string) (*MemberPage, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	defer resp.Body.Close()
	var page MemberPage
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return nil, err
	}
	return &page, nil
}

// ServingSecret names the Kubernetes secret that holds the serving
// certificate.
var ServingSecret = "work-webhook-serving-cert"

// Conn is a connection whose header carries a credential once authorized.
type Conn struct {
	Host   string
	Header string
}

// Authorize sets the connection's authorization header.
func Authorize(c *Conn, token string) { c.Header = "Bearer " + token }

// ReportConn records the whole connection, its header included.
func ReportConn(ctx context.Context, svc *oprun.Service, id string, c *Conn) error {
	return svc.UpdateContext(ctx, id, oprun.Context{"conn": fmt.Sprintf("%+v", *c)})
}

// ReportKind records the connection's type: text derived from it that
// holds none of its fields.
func ReportKind(ctx context.Context, svc *oprun.Service, id string, c *Conn) error {
	return svc.UpdateContext(ctx, id, oprun.Context{"kind": reflect.TypeOf(c).String()})
}

// DescribeConn formats the whole connection, its header included.
func DescribeConn(c *Conn) string { return fmt.Sprintf("%+v", *c) }

// RepoKind is how a repository is reached.
type RepoKind string

// The kinds of repositories.
const (
	RepoHTTP  RepoKind = "http"
	RepoLocal RepoKind = "local"
)

// Repo is a repository and its credentials.
type Repo struct {
	Kind     RepoKind
	URL      string
	Login    string
	Password string
}

// GetKind returns the repository's kind.
func (r Repo) GetKind() RepoKind { return r.Kind }

// GitURL carries the password for HTTP repositories only.
func (r Repo) GitURL() string {
	url := r.URL
	if r.GetKind() == RepoHTTP {
		url = r.Login + ":" + r.Password + "@" + url
	}
	return url
}

// Dir is where the repository is checked out: a local repository's URL
// is its path, and GitURL never adds a password to it.
func (r Repo) Dir() string {
	if r.GetKind() == RepoLocal {
		return r.GitURL()
	}
	return "/var/repos/" + r.Login
}

// Remote is what to fetch from: every kind but local, HTTP included.
func (r Repo) Remote() string {
	if r.GetKind() != RepoLocal {
		return r.GitURL()
	}
	return ""
}

// Userinfo reads the password when the kind field says HTTP.
func (r *Repo) Userinfo() string {
	switch r.Kind {
	case RepoHTTP:
		return r.Password
	}
	return ""
}

// Describe names a repository; a local one by its user information,
// which only an HTTP repository has.
func (r *Repo) Describe() string {
	if r.Kind == RepoLocal {
		return "local " + r.Userinfo()
	}
	return "remote " + r.URL
}
