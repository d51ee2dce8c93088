// Package cfgwords configures its own sensitive words, secret types and
// secret fields.
package cfgwords

import (
	"context"

	"github.com/runtruth/runtruth/oprun"
)

// Cert is a private certificate, secret by configuration.
type Cert string

// Opts holds a secret field by configuration.
type Opts struct {
	Blob []byte
	Host string
}

func record(ctx context.Context, svc *oprun.Service, id, userPIN, signingKey, cookie string) {
	svc.UpdateContext(ctx, id, oprun.Context{"pin": userPIN})   // want `secret userPIN \([^ )]+:[0-9]+\) flows into run context`
	svc.UpdateContext(ctx, id, oprun.Context{"k": signingKey})  // want `secret signingKey \([^ )]+:[0-9]+\) flows into run context`
	svc.UpdateContext(ctx, id, oprun.Context{"cookie": cookie}) // ignored by configuration
}

func configured(ctx context.Context, svc *oprun.Service, id string, c Cert, o Opts) {
	svc.UpdateContext(ctx, id, oprun.Context{"cert": string(c)})      // want `secret cfgwords.Cert value \([^ )]+:[0-9]+\) flows into run context`
	svc.UpdateContext(ctx, id, oprun.Context{"blob": string(o.Blob)}) // want `secret field Opts.Blob \([^ )]+:[0-9]+\) flows into run context`
	svc.UpdateContext(ctx, id, oprun.Context{"host": o.Host})
}

// TaskLog is a run's log, an interface whose parameters have no names:
// its sink is declared by position.
type TaskLog interface {
	Log(context.Context, string, int)
}

func logged(ctx context.Context, l TaskLog, userPIN string) {
	l.Log(ctx, "pin "+userPIN, 0) // want `secret userPIN \([^ )]+:[0-9]+\) flows into run message through cfgwords.TaskLog.Log`
	l.Log(ctx, "no pin", len(userPIN))
}

// runner implements TaskLog: calling its Log is calling the sink.
type runner struct{ lines []string }

func (r *runner) Log(_ context.Context, msg string, _ int) { r.lines = append(r.lines, msg) }

// printer has a Log of another shape: not a TaskLog.
type printer struct{ lines []string }

func (p *printer) Log(msg string) { p.lines = append(p.lines, msg) }

func direct(ctx context.Context, r *runner, p *printer, userPIN string) {
	r.Log(ctx, "pin "+userPIN, 0) // want `secret userPIN \([^ )]+:[0-9]+\) flows into run message through cfgwords.TaskLog.Log`
	p.Log("pin " + userPIN)
}

// Remote is a repository's remote; URL returns it with its credentials,
// secret by configuration.
type Remote struct{ Host, Userinfo string }

func (r Remote) URL() string { return "https://" + r.Userinfo + "@" + r.Host }

// Name is the same remote without credentials.
func (r Remote) Name() string { return r.Host }

func remotes(ctx context.Context, svc *oprun.Service, id string, r Remote) {
	svc.UpdateContext(ctx, id, oprun.Context{"remote": r.URL()}) // want `secret returned by cfgwords.Remote.URL \([^ )]+:[0-9]+\) flows into run context`
	svc.UpdateContext(ctx, id, oprun.Context{"remote": r.Name()})
}

// Mirror's URL, secret by configuration too, carries the password of HTTP
// mirrors only: its body says so, and that is what counts.
type Mirror struct{ Kind, Host, Password string }

func (m Mirror) URL() string {
	if m.Kind == "http" {
		return m.Password + "@" + m.Host
	}
	return m.Host
}

func mirrors(ctx context.Context, svc *oprun.Service, id string, m Mirror) {
	if m.Kind == "local" {
		svc.UpdateContext(ctx, id, oprun.Context{"mirror": m.URL()})
	}
	svc.UpdateContext(ctx, id, oprun.Context{"mirror": m.URL()}) // want `secret field Mirror.Password \([^ )]+:[0-9]+\) flows into run context`
}
