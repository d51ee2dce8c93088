// Package app composes notifications and links by hand.
package app

import (
	"fmt"
	"net/url"
	"path"

	"github.com/runtruth/runtruth/oprun"
	"notify"
)

const base = "https://app.example.com"

// Route is a run link route declared by hand.
const Route = "/operations/runs/" // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`

const split = "/operations/" + "runs/" // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`

func Links(id string, u *url.URL) []string {
	links := []string{
		base + "/operations/runs/" + id,                   // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`
		`https://app.example.com/operations/runs/` + id,   // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`
		fmt.Sprintf("%s/operations/runs/%s", base, id),    // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`
		"/operations/" + "runs/" + id,                     // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`
		Route + id,                                        // reported where Route is declared
		path.Join("/operations", "runs", id),              // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`
		"/app/jobs/" + id,                                 // want `hand-built run link with route "/app/jobs/"; use notify.JobLink`
		"see " + "/operations/runs/" + id + " for detail", // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`
	}
	if l, err := url.JoinPath(base, "operations", "runs", id); err == nil { // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`
		links = append(links, l)
	}
	return links
}

func Notifications(n oprun.Notifier, id string) []any {
	_ = n.Notify(oprun.Notification{RunID: id, Workspace: "w"}) // want `oprun.Notification literal outside github.com/runtruth/runtruth/oprun: the notification is sent by \(\*oprun.Service\) on terminal transitions; opt in with StartRequest.Notify`
	p := &oprun.Notification{RunID: id}                         // want `oprun.Notification literal outside`
	list := []oprun.Notification{{RunID: "a"}, {RunID: "b"}}    // want `oprun.Notification literal outside` `oprun.Notification literal outside`
	ptrs := []*oprun.Notification{{RunID: "c"}}                 // want `oprun.Notification literal outside`
	byID := map[string]oprun.Notification{"x": {}}              // want `oprun.Notification literal outside`
	m := notify.Message{To: "ops", Body: "done"}                // want `notify.Message literal outside notify: build notifications with the central notification API of notify`
	pair := notify.Pair[int]{Key: "k", Value: 1}                // want `notify.Pair\[int\] literal outside notify: build notifications`
	type alias = oprun.Notification
	a := alias{RunID: id} // want `oprun.Notification literal outside`
	return []any{p, list, ptrs, byID, m, pair, a}
}

// Decode returns the zero value beside its error: no notification built.
// A filled literal returned is one.
func Decode(b []byte) (oprun.Notification, error) {
	if len(b) == 0 {
		return oprun.Notification{}, fmt.Errorf("empty payload")
	}
	if b[0] == '{' {
		return oprun.Notification{RunID: string(b)}, nil // want `oprun.Notification literal outside`
	}
	return oprun.Notification{}, nil
}

// LookAlike has the fields of oprun.Notification.
type LookAlike struct {
	RunID     string
	Workspace string
	Link      string
}

func Convert(l LookAlike) oprun.Notification {
	return oprun.Notification(l) // want `conversion to oprun.Notification builds a notification outside github.com/runtruth/runtruth/oprun: the notification is sent by \(\*oprun.Service\)`
}

func Suppressed(id string) []string {
	//runtruth:allow runnotify the legacy mail template predates RunLink; removed in the next release
	a := "/operations/runs/" + id
	b := "/operations/runs/" + id //runtruth:allow runnotify links in the audit export stay byte-identical
	//runtruth:allow runnotify
	c := "/operations/runs/" + id // want `hand-built run link with route "/operations/runs/"`
	//runtruth:allow directwrite a different check's allow suppresses nothing here
	d := "/operations/runs/" + id // want `hand-built run link with route "/operations/runs/"`
	return []string{a, b, c, d}
}
