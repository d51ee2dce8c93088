package web

import (
	"html/template"
	"net/http"

	"example.com/backupsvc/internal/graph"
)

// HandleMailbox returns the mailbox page's handler. The handler asks
// Microsoft Graph for the mailbox size on every page view, then renders.
func HandleMailbox(c *graph.Client, page *template.Template) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		size, err := c.MailboxSize(r.Context(), r.URL.Query().Get("user"))
		if err != nil {
			http.Error(w, "mailbox unavailable", http.StatusBadGateway)
			return
		}
		_ = page.Execute(w, size)
	}
}

// HandleCheckUser is a form post: it checks the user with Microsoft Graph
// and redirects. It renders only to show the form again when the check
// fails, so it is an action, not a page view: no finding.
func HandleCheckUser(c *graph.Client, form *template.Template) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := c.MailboxSize(r.Context(), r.FormValue("user")); err != nil {
			_ = form.Execute(w, "unknown user")
			return
		}
		http.Redirect(w, r, "/users", http.StatusSeeOther)
	}
}
