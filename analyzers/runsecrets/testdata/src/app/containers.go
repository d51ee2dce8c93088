package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/runtruth/runtruth/oprun"

	"helpers"
)

// A struct that holds a secret field is not a secret: reading another of
// its fields is clean, formatting it whole leaks the field.

type ossBucket struct {
	Endpoint      string
	SecurityToken string
}

type artifactRepo struct {
	Bucket string
	OSS    *ossBucket
}

type wfSpec struct {
	Entry string
	Repo  *artifactRepo
}

type workflow struct {
	Name  string
	Spec  wfSpec
	Nodes map[string]nodeStatus
}

type nodeStatus struct {
	Name    string
	Message string
	Auth    nodeAuth
}

type nodeAuth struct {
	User  string
	Token string
}

type pod struct {
	Name string
	Env  []string
}

type session struct {
	User  string
	Token string
}

type sessionKey struct{}

type task struct {
	Playbook string
	env      string
}

func (t *task) install() { t.env = "INV=" + os.Getenv("INVENTORY_TOKEN") }

func (w *worker) podEnvLeak(ctx context.Context, id string, wf *workflow, p *pod) {
	p.Env = append(p.Env, "OSS_TOKEN="+wf.Spec.Repo.OSS.SecurityToken)
	w.svc.Fail(ctx, id, oprun.Reason{Message: strings.Join(p.Env, " ")}) // want `secret field ossBucket.SecurityToken \(app/containers.go:71\) flows into run message`
}

func (w *worker) receiverWriteLeak(ctx context.Context, id string, t *task) {
	t.install()
	w.svc.Fail(ctx, id, oprun.Reason{Message: t.env}) // want `secret INVENTORY_TOKEN from os.Getenv \(app/containers.go:68\) flows into run message`
}

func (w *worker) headerLeak(ctx context.Context, id string) {
	c := &helpers.Conn{Host: "graph"}
	helpers.Authorize(c, w.cfg.APIKey)
	w.svc.Fail(ctx, id, oprun.Reason{Message: c.Header}) // want `secret field Settings.APIKey \(app/containers.go:82\) flows into run message`
}

func (w *worker) sessionFormatted(ctx context.Context, id string) {
	s := session{User: "u", Token: os.Getenv("API_TOKEN")}
	w.svc.Fail(ctx, id, oprun.Reason{Message: fmt.Sprintf("session %v", s)}) // want `secret field session.Token \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) sessionMarshalled(ctx context.Context, id string, s *session) {
	b, _ := json.Marshal(s)
	w.svc.UpdateContext(ctx, id, oprun.Context{"session": string(b)}) // want `secret field session.Token \([^ )]+:[0-9]+\) flows into run context`
}

// --- near misses: each stays silent ---

func (w *worker) podEnvOther(ctx context.Context, id string, wf *workflow, p *pod) {
	p.Env = append(p.Env, "OSS_TOKEN="+wf.Spec.Repo.OSS.SecurityToken)
	w.svc.Fail(ctx, id, oprun.Reason{Message: "pod " + p.Name + " of " + wf.Name + " failed at " + wf.Spec.Entry})
}

func (w *worker) mapElements(ctx context.Context, id string, wf *workflow) {
	wf.Nodes["a"] = nodeStatus{Name: "a", Auth: nodeAuth{User: "u", Token: os.Getenv("NODE_TOKEN")}}
	w.svc.Fail(ctx, id, oprun.Reason{Message: "node " + wf.Nodes["b"].Name + ": " + wf.Nodes["b"].Message})
}

func (w *worker) contextValue(ctx context.Context, id string) {
	s := &session{User: "u", Token: os.Getenv("API_TOKEN")}
	ctx = context.WithValue(ctx, sessionKey{}, s)
	got := ctx.Value(sessionKey{}).(*session)
	w.svc.Fail(ctx, id, oprun.Reason{Message: "user " + got.User})
}

func (w *worker) receiverWriteOther(ctx context.Context, id string, t *task) {
	t.install()
	w.svc.Fail(ctx, id, oprun.Reason{Message: "playbook " + t.Playbook})
}

func (w *worker) headerOther(ctx context.Context, id string) {
	c := &helpers.Conn{Host: "graph"}
	helpers.Authorize(c, w.cfg.APIKey)
	w.svc.Fail(ctx, id, oprun.Reason{Message: "host " + c.Host})
}

func (w *worker) workflowFormatted(ctx context.Context, id string, wf *workflow) {
	// fmt prints the nested pointer to the repository as an address.
	w.svc.Fail(ctx, id, oprun.Reason{Message: fmt.Sprintf("workflow %v", wf.Spec)})
}

func (w *worker) nodeWithSecretStored(ctx context.Context, id string, wf *workflow, n nodeStatus) {
	n.Auth.Token = os.Getenv("NODE_TOKEN")
	wf.Nodes[n.Name] = n
	for name, node := range wf.Nodes {
		w.svc.Fail(ctx, id, oprun.Reason{Message: name + ": " + node.Message})
	}
}

func (w *worker) connReported(ctx context.Context, id string) {
	c := &helpers.Conn{Host: "graph"}
	helpers.Authorize(c, w.cfg.APIKey)
	helpers.ReportConn(ctx, w.svc, id, c) // want `secret field Settings.APIKey \(app/containers.go:141\) flows into run context through helpers.ReportConn`
	helpers.ReportKind(ctx, w.svc, id, c)
}

func (w *worker) headerFormatted(ctx context.Context, id string) {
	c := &helpers.Conn{Host: "graph"}
	helpers.Authorize(c, w.cfg.APIKey)
	msg := fmt.Sprintf("conn %+v", *c)
	w.svc.Fail(ctx, id, oprun.Reason{Message: msg}) // want `secret field Settings.APIKey \(app/containers.go:148\), formatted whole at app/containers.go:149, flows into run message`
}

func (w *worker) workingDirectory(ctx context.Context, id string) {
	pwd, _ := os.Getwd()
	w.svc.Fail(ctx, id, oprun.Reason{Message: "in " + pwd})
}

func (w *worker) databasePwd(ctx context.Context, id string) {
	pwd := os.Getenv("DB_PWD")
	w.svc.Fail(ctx, id, oprun.Reason{Message: "connecting with " + pwd}) // want `secret DB_PWD from os.Getenv \([^ )]+:[0-9]+\) flows into run message`
}

// A runner whose log writes into its pool and whose alert logs a webhook's
// error: the leak is in alert, not in every caller of setStatus.

type userStore interface{ Email(id int) string }

type logPool struct {
	logs  chan string
	store userStore
}

type runner struct {
	svc  *oprun.Service
	id   string
	pool *logPool
}

func (r *runner) log(msg string) {
	r.pool.logs <- msg
	r.svc.Fail(context.Background(), r.id, oprun.Reason{Message: msg})
}

func (r *runner) alert() {
	if _, err := http.Post("https://hooks.example.com/alert", "application/json", nil); err != nil {
		r.log("alert failed: " + err.Error()) // want `provider error body from http.Post \(app/containers.go:185\) flows into run message through \(\*app.runner\).log`
	}
	r.log(fmt.Sprintf("alerting %s", r.pool.store.Email(1)))
}

func (r *runner) setStatus() { r.alert() }

func statusCaller(r *runner) { r.setStatus() }

func (w *worker) connDescribed(ctx context.Context, id string) {
	c := &helpers.Conn{Host: "graph"}
	helpers.Authorize(c, w.cfg.APIKey)
	w.svc.Fail(ctx, id, oprun.Reason{Message: helpers.DescribeConn(c)}) // want `secret field Settings.APIKey \(app/containers.go:197\), formatted whole at helpers/helpers.go:143, flows into run message`
}

// A secret read only for one kind of a value does not flow where a test
// of the same parameter rules that kind out.
func (w *worker) checkout(ctx context.Context, id string, r helpers.Repo, p *helpers.Repo, rs []helpers.Repo) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: "checked out into " + r.Dir()})
	w.svc.Fail(ctx, id, oprun.Reason{Message: p.Describe()})
	w.svc.Fail(ctx, id, oprun.Reason{Message: "fetching " + r.Remote()}) // want `secret field Repo.Password \(helpers/helpers.go:[0-9]+\) flows into run message`
	if r.GetKind() == helpers.RepoLocal {
		w.svc.Fail(ctx, id, oprun.Reason{Message: "local " + r.GitURL()})
	}
	if r.GetKind() == helpers.RepoHTTP {
		w.svc.Fail(ctx, id, oprun.Reason{Message: "remote " + r.GitURL()}) // want `secret field Repo.Password \(helpers/helpers.go:[0-9]+\) flows into run message`
	}
	if r.GetKind() != helpers.RepoHTTP {
		w.svc.Fail(ctx, id, oprun.Reason{Message: "not remote " + r.GitURL()})
	}
	w.svc.Fail(ctx, id, oprun.Reason{Message: "from " + r.GitURL()}) // want `secret field Repo.Password \(helpers/helpers.go:[0-9]+\) flows into run message`
	if p.Kind == helpers.RepoLocal {
		w.svc.Fail(ctx, id, oprun.Reason{Message: "user " + p.Userinfo()})
	}
	if p.Kind != helpers.RepoLocal {
		w.svc.Fail(ctx, id, oprun.Reason{Message: "user " + p.Userinfo()}) // want `secret field Repo.Password \(helpers/helpers.go:[0-9]+\) flows into run message`
	}
	for _, q := range rs {
		if q.GetKind() == helpers.RepoLocal {
			w.svc.Fail(ctx, id, oprun.Reason{Message: "local " + q.GitURL()})
		}
	}
	for i := range rs {
		if rs[i].GetKind() == helpers.RepoLocal {
			// Two reads of rs[i] are two values: the test is not
			// followed.
			w.svc.Fail(ctx, id, oprun.Reason{Message: "local " + rs[i].GitURL()}) // want `secret field Repo.Password \(helpers/helpers.go:[0-9]+\) flows into run message`
		}
	}
}

// cloneURL returns a clone URL with the credentials in it.
//
//runtruth:secret
func cloneURL(host, userinfo string) string { return "https://" + userinfo + "@" + host }

func (w *worker) clone(ctx context.Context, id string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: "cloning " + cloneURL("git.example.com", "ci")}) // want `secret returned by app.cloneURL \(app/containers.go:[0-9]+\) flows into run message`
	w.svc.Fail(ctx, id, oprun.Reason{Message: "cloning git.example.com"})
}
