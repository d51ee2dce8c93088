package app

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go"
	"github.com/runtruth/runtruth/oprun"

	"helpers"
	"tenantapi"
)

const tokenURL = "https://login.example.com/oauth2/token"

// WorkWebhookSecret is the name of a Kubernetes secret, not a secret.
const WorkWebhookSecret = "work-webhook-serving-cert"

type store struct{}

func (store) Save(id string) error { return errors.New("save " + id + ": conflict") }

func (w *worker) tokenCount(ctx context.Context, id string, tokens []string) {
	tokenCount := len(tokens)
	w.svc.UpdateContext(ctx, id, oprun.Context{"tokens": tokenCount})
}

func (w *worker) tokenLength(ctx context.Context, id, token string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"token_len": len(token)})
}

func (w *worker) tokenPresent(ctx context.Context, id, token string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"has_token": token != ""})
}

func (w *worker) hashedPassword(ctx context.Context, id, password string) {
	sum := sha256.Sum256([]byte(password))
	w.svc.UpdateContext(ctx, id, oprun.Context{"pw_sha": hex.EncodeToString(sum[:])})
}

func (w *worker) hashedVar(ctx context.Context, id string, hashedPassword string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"pw": hashedPassword})
}

func (w *worker) constantTokenURL(ctx context.Context, id string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: "token endpoint " + tokenURL + " refused the client"})
}

func (w *worker) secretName(ctx context.Context, id string) {
	secretName := "db-password"
	w.svc.UpdateContext(ctx, id, oprun.Context{"secret": secretName, "cert": WorkWebhookSecret})
}

func (w *worker) passwordPolicy(ctx context.Context, id, passwordPolicy string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: "rejected by " + passwordPolicy})
}

func (w *worker) tokenizer(ctx context.Context, id string, tokenizer string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"tokenizer": tokenizer})
}

func (w *worker) nonProviderError(ctx context.Context, id string) {
	if err := (store{}).Save(id); err != nil {
		w.svc.Fail(ctx, id, oprun.Reason{Message: err.Error()})
	}
	if _, err := tenantapi.Local(id); err != nil {
		w.svc.Fail(ctx, id, oprun.Reason{Message: fmt.Sprintf("lookup: %v", err)})
	}
}

func (w *worker) redacted(ctx context.Context, id, token string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"token": oprun.Redact(token)})
	redactedToken := oprun.Redact(token)
	w.svc.Fail(ctx, id, oprun.Reason{Message: "token " + redactedToken})
}

func (w *worker) hostname(ctx context.Context, id string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"host": w.cfg.Host, "port": w.cfg.Port})
	w.svc.Fail(ctx, id, oprun.Reason{Message: fmt.Sprintf("cannot reach %s:%d", w.cfg.Host, w.cfg.Port)})
}

func (w *worker) localStructHost(ctx context.Context, id, host, password string) {
	s := helpers.Safe{Host: host, Password: password}
	w.svc.UpdateContext(ctx, id, oprun.Context{"host": s.Host})
}

func (w *worker) runID(ctx context.Context, runID string) {
	w.svc.UpdateContext(ctx, runID, oprun.Context{"parent_run": runID})
}

func (w *worker) reasonFrom(ctx context.Context, id string) {
	if _, err := w.graph.Users(ctx); err != nil {
		w.svc.Fail(ctx, id, oprun.ReasonFrom(err))
	}
}

func (w *worker) redactingType(ctx context.Context, id string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: fmt.Sprintf("client secret %v", w.cfg.ClientSecret)})
	w.svc.UpdateContext(ctx, id, oprun.Context{"cs": w.cfg.ClientSecret.String()})
}

func (w *worker) constantError(ctx context.Context, id string) {
	err := errors.New("quota exceeded")
	w.svc.Fail(ctx, id, oprun.Reason{Message: err.Error()})
}

func (w *worker) providerErrorChecked(ctx context.Context, id string) {
	if _, err := w.graph.Users(ctx); err != nil {
		w.svc.Fail(ctx, id, oprun.Reason{Code: oprun.ReasonProviderError, Message: "graph users call failed"})
	}
}

func (w *worker) statusCode(ctx context.Context, id, url string) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	w.svc.Fail(ctx, id, oprun.Reason{Message: fmt.Sprintf("status %d", resp.StatusCode)})
}

func (w *worker) sanitizerInOtherPackage(ctx context.Context, id, token string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"t": helpers.Scrub(token)})
}

func (w *worker) tokenExpiry(ctx context.Context, id string, tokenExpiry time.Time) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"expires": tokenExpiry.Format(time.RFC3339)})
}

func (w *worker) urlRedacted(ctx context.Context, id, dsn string) {
	u, err := url.Parse(dsn)
	if err != nil {
		return
	}
	u.User = url.UserPassword("admin", w.cfg.Password)
	w.svc.UpdateContext(ctx, id, oprun.Context{"target": u.Redacted()})
}

func (w *worker) reassignedRedacted(ctx context.Context, id, raw string) {
	token := oprun.Redact(raw)
	w.svc.UpdateContext(ctx, id, oprun.Context{"t": token})
}

func (w *worker) headerSetOnly(ctx context.Context, id, token string, req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+token)
	w.svc.UpdateContext(ctx, id, oprun.Context{"method": req.Method})
}

func (w *worker) lengthInHelper(ctx context.Context, id, token string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"n": helpers.Length(token)})
}

func (w *worker) tokenURLField(ctx context.Context, id string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"token_url": w.cfg.TokenURL, "tokens": w.cfg.TokenCount})
}

func (w *worker) sanitizedStruct(ctx context.Context, id string, s helpers.Safe) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: fmt.Sprintf("target %v", s)})
}

func (w *worker) secretRefs(ctx context.Context, id, secretRef, secretPath, tokenType string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"ref": secretRef, "path": secretPath, "type": tokenType})
}

func (w *worker) constantValues(ctx context.Context, id string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"token": "none", "password": "unset"})
}

func (w *worker) nonProviderRequestError(ctx context.Context, id, url string) {
	if _, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil); err != nil {
		w.svc.Fail(ctx, id, oprun.Reason{Message: err.Error()})
	}
}

func (w *worker) providerResultCount(ctx context.Context, id string) {
	users, err := w.graph.Users(ctx)
	w.svc.UpdateContext(ctx, id, oprun.Context{"users": len(users), "ok": err == nil})
}

func (w *worker) notASink(ctx context.Context, id, token string) {
	helpers.Noop(ctx, w.svc, id, token)
}

func (w *worker) numbers(ctx context.Context, id string, n int) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: "processed " + strconv.Itoa(n) + " items"})
}

func (w *worker) countInOtherMessage(ctx context.Context, id string) {
	count, err := w.graph.UserCount(ctx)
	if err == nil {
		w.svc.UpdateContext(ctx, id, oprun.Context{"users": count})
	}
}

func (w *worker) splitKeepsNeighbours(ctx context.Context, id, host, password string) {
	type target struct{ host, password string }
	t := target{host: host, password: password}
	w.svc.UpdateContext(ctx, id, oprun.Context{"host": t.host})
}

func (w *worker) hashSum(ctx context.Context, id, apiKey string) {
	h := sha256.New()
	h.Write([]byte(apiKey))
	w.svc.UpdateContext(ctx, id, oprun.Context{"key_sha": fmt.Sprintf("%x", h.Sum(nil))})
}

func (w *worker) lowerCaseMessage(ctx context.Context, id string, code string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: strings.ToLower("FAILED: " + code)})
}

func (w *worker) payloadIDs(ctx context.Context, id string) {
	page, err := helpers.Members("https://api.example.com/members")
	if err != nil || len(page.Members) == 0 {
		return
	}
	m := page.Members[0]
	w.svc.UpdateContext(ctx, id, oprun.Context{"member": m.ID, "name": m.DisplayName, "members": len(page.Members), "cursor": page.NextPageToken})
}

func (w *worker) envNames(ctx context.Context, id string, settings map[string]string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"token_url": os.Getenv("TOKEN_URL"), "policy": settings["password_policy"]})
	w.svc.Fail(ctx, id, oprun.Reason{Message: strings.ReplaceAll(settings["region"], "password", "***")})
}

func (w *worker) callbacksClean(ctx context.Context, id, token string, items []string) {
	each(items, func(s string) {
		w.svc.UpdateContext(ctx, id, oprun.Context{"item": s})
	})
	for n := range strings.SplitSeq("a,b", ",") {
		w.svc.UpdateContext(ctx, id, oprun.Context{"part": n, "len": len(token)})
	}
}

type logger interface {
	Fail(ctx context.Context, id string, reason oprun.Reason) error
}

func throughOtherInterface(ctx context.Context, l logger, id, token string) {
	l.Fail(ctx, id, oprun.Reason{Message: token}) // *oprun.Service does not implement logger
}

func (w *worker) providerErrorFields(ctx context.Context, id string) {
	_, err := w.graph.Users(ctx)
	var oe *msgraph.ODataError
	if errors.As(err, &oe) {
		w.svc.UpdateContext(ctx, id, oprun.Context{"code": oe.Code})
	}
	var pe *oprun.ProviderError
	if errors.As(err, &pe) {
		w.svc.UpdateContext(ctx, id, oprun.Context{"status": pe.StatusCode, "code": pe.Code})
	}
}

type client struct {
	auth       string
	lastStatus string
}

func (c *client) status() string { return c.lastStatus }

func (c *client) header() string { return c.auth }

func (w *worker) fieldsApart(ctx context.Context, id, token string) {
	c := &client{auth: "Bearer " + token, lastStatus: "ok"}
	w.svc.Fail(ctx, id, oprun.Reason{Message: c.status()})
}

// WebhookSecret is the name of a Kubernetes secret, as a variable.
var WebhookSecret = "work-webhook-serving-cert"

func (w *worker) secretNameVars(ctx context.Context, id string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"cert": WebhookSecret, "serving": helpers.ServingSecret})
}

func (w *worker) methodValuesClean(ctx context.Context, id, token string) {
	c := &client{auth: "Bearer " + token, lastStatus: "ok"}
	get := c.status
	w.svc.Fail(ctx, id, oprun.Reason{Message: get()})
	w.svc.Fail(ctx, id, oprun.Reason{Message: (*client).status(c)})
}

func (w *worker) capturedRedacted(ctx context.Context, id, raw string) {
	token := oprun.Redact(raw)
	defer func() {
		w.svc.UpdateContext(ctx, id, oprun.Context{"t": token})
	}()
}

func (w *worker) parsedCredential(ctx context.Context, id string, certPEM, privateKey []byte) {
	cert, err := tls.X509KeyPair(certPEM, privateKey)
	if err != nil || cert.Leaf == nil {
		return
	}
	w.svc.UpdateContext(ctx, id, oprun.Context{"issuer": cert.Leaf.Issuer.CommonName, "certs": len(cert.Certificate)})
}
