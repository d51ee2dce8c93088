package sums // want package:"analyzed\\(14\\)"

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/runtruth/runtruth/oprun"
)

func Identity(s string) string { return s } // want Identity:"taint\\(r0<-p0\\)"

func Second(a, b string) string { return strings.ToUpper(b) } // want Second:"taint\\(r0<-p1\\)"

func Clean(s string) int { return len(s) }

func Redacted(s string) string { return oprun.Redact(s) }

func Wrap(err error) error { return fmt.Errorf("wrap: %w", err) } // want Wrap:"taint\\(r0<-p0\\+whole\\(p0\\)\\)"

func Constant(err error) error { return errors.New("failed") }

func Token() string { return os.Getenv("X") }

func Fill(m map[string]string, k, v string) { m[k] = v } // want Fill:"taint\\(w0<-p1\\+p2\\)"

func Record(ctx context.Context, svc *oprun.Service, id, v string) { // want Record:"taint\\(p3->run context \\(\\*oprun.Service\\).UpdateContext\\)"
	_ = svc.UpdateContext(ctx, id, oprun.Context{"v": v})
}

func Via(ctx context.Context, svc *oprun.Service, v string) { // want Via:"taint\\(p2->run context sums.Record → \\(\\*oprun.Service\\).UpdateContext\\)"
	Record(ctx, svc, "id", v)
}

func Own(ctx context.Context, svc *oprun.Service, token string) {
	_ = svc.UpdateContext(ctx, "id", oprun.Context{"t": token})
}

type T struct{ name, password string }

func (t *T) Name() string { return t.name } // want Name:"taint\\(r0<-p0.0\\)"

func (t *T) SetName(n string) { t.name = n } // want SetName:"taint\\(w0.0<-p1\\)"

func (t *T) SetPassword(p string) { t.password = p }

func Generic[E any](xs []E) E { return xs[0] } // want Generic:"taint\\(r0<-p0\\)"

func Secret() string { return GetEnv("API_TOKEN") } // want Secret:"taint\\(r0<-secret API_TOKEN from sums.GetEnv\\)"

func GetEnv(key string) string { return os.Getenv(key) } // want GetEnv:"taint\\(r0<-p0\\)"

var SecretName = "db" // not sensitive: a name

var WebhookSecret = "work-webhook-serving-cert" // want WebhookSecret:"constvar"

var SigningSecret = os.Getenv("SIGNING_SECRET")

var LateToken = "x"

func SetLate(v string) { LateToken = v }

// Kind is a repository's kind.
type Kind string

// The kinds.
const (
	HTTP  Kind = "http"
	Local Kind = "local"
)

// Repo is a repository.
type Repo struct {
	Kind     Kind
	URL      string
	Password string
}

// GetKind returns r's kind.
func (r Repo) GetKind() Kind { return r.Kind } // want GetKind:"taint\\(r0<-p0\\)"

// GitURL reads the password only when the kind is HTTP.
func (r Repo) GitURL() string { // want GitURL:"taint\\(r0<-p0\\+secret field Repo.Password if p0\\(sums.Repo\\).GetKind\\(\\)==.http.\\)"
	url := r.URL
	if r.GetKind() == HTTP {
		url = r.Password + "@" + url
	}
	return url
}

// Dir calls GitURL only for local repositories.
func (r Repo) Dir() string { // want Dir:"taint\\(r0<-p0\\)"
	if r.GetKind() == Local {
		return r.GitURL()
	}
	return "/var/repos"
}
