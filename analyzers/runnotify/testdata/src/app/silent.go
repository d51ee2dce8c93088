package app

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/runtruth/runtruth/oprun"
	"notify"
)

// Near misses: none of these is reported.
func Silent(ctx context.Context, svc *oprun.Service, id string, runs []oprun.Notification) []any {
	link := oprun.RunLink(base, id)           // the central link builder
	list := "/operations/runs"                // the list page: no trailing slash
	section := "/operations/"                 // a parent route
	sheet := "/operations/runsheet/" + id     // a different route that shares letters
	upper := "/OPERATIONS/RUNS/" + id         // the prefix is matched case-sensitively
	jobs := "/app/job/" + id                  // not notify's /app/jobs/
	parts := path.Join("/operations", id)     // joins to another route
	trimmed := strings.TrimPrefix(link, base) // working with a built link is fine
	req := oprun.StartRequest{Type: "sync", Notify: true}
	var n oprun.Notification // a zero value is not built from parts
	n2 := runs[0]
	n3 := oprun.Notification(n2)                          // converting a notification to its own type builds nothing
	l := LookAlike{RunID: id, Workspace: "w", Link: link} // same fields, not a notification type
	msg := notify.New("ops", "done")                      // the central notification API
	return []any{list, section, sheet, upper, jobs, parts, trimmed, req, n, n3, l, msg}
}

type tagged struct {
	Link string `doc:"/operations/runs/ is built by oprun.RunLink"` // struct tags are not checked
}

// mailer receives notifications: reading them is fine.
type mailer struct{ sent []string }

func (m *mailer) Notify(n oprun.Notification) error {
	m.sent = append(m.sent, n.RunID+" "+n.Link)
	return nil
}

// More near misses.
func Routes(mux *http.ServeMux, h http.HandlerFunc, id string) []any {
	mux.HandleFunc("GET /operations/runs/{id}", h) // a route registration declares the route; it is not a link
	http.Handle("/operations/runs/", h)            // so is this one
	prose := "operations runs failed"              // words, not the route
	query := "/operations/runs" + "?page=2"        // the list page with a query
	rel := "runs/" + id                            // part of the route only
	joined, _ := url.JoinPath(base, "operations")  // joins to a parent route
	opts := notify.Options{To: "ops", Body: "x"}   // a struct of the notify package that is not a notification
	var none []oprun.Notification                  // no literal
	made := make([]oprun.Notification, 0, 1)       // no literal
	// A comment that mentions /operations/runs/ is not a string literal.
	return []any{prose, query, rel, joined, opts, none, made}
}
