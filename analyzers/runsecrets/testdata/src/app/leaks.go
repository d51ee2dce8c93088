package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httputil"
	"os"
	"strconv"
	"strings"

	"github.com/microsoftgraph/msgraph-sdk-go"
	"github.com/runtruth/runtruth/oprun"

	"helpers"
	"tenantapi"
)

type worker struct {
	svc   *oprun.Service
	graph *msgraph.Client
	api   msgraph.UsersAPI
	cfg   helpers.Settings
}

var apiToken = os.Getenv("API_TOKEN")

func (w *worker) tokenInMessage(ctx context.Context, id, token string) {
	w.svc.Fail(ctx, id, oprun.Reason{Code: oprun.ReasonUnauthorized, Message: "auth failed with token " + token}) // want `secret token \([^ )]+:[0-9]+\) flows into run message through \(\*oprun.Service\).Fail; redact it with oprun.Redact or drop it`
}

func (w *worker) providerErrorV(ctx context.Context, id string) {
	_, err := w.graph.Users(ctx)
	if err != nil {
		w.svc.Fail(ctx, id, oprun.Reason{Message: fmt.Sprintf("graph: %v", err)}) // want `provider error body from \(\*msgraph.Client\).Users \([^ )]+:[0-9]+\) flows into run message through \(\*oprun.Service\).Fail; map it to a reason code with oprun.ReasonFrom`
	}
}

func (w *worker) providerErrorW(ctx context.Context, id string) {
	_, err := w.graph.Users(ctx)
	werr := fmt.Errorf("sync users: %w", err)
	w.svc.Fail(ctx, id, oprun.Reason{Message: werr.Error()}) // want `provider error body from \(\*msgraph.Client\).Users \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) bodyIntoContext(ctx context.Context, id, url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return w.svc.UpdateContext(ctx, id, oprun.Context{"body": string(b)}) // want `http response body \([^ )]+:[0-9]+\) flows into run context through \(\*oprun.Service\).UpdateContext; record ids or counts instead of the raw payload, or redact it with oprun.Redact`
}

func (w *worker) authorizationHeader(ctx context.Context, r *http.Request, id string) {
	auth := r.Header.Get("Authorization")
	w.svc.UpdateContext(ctx, id, oprun.Context{"caller": auth}) // want `authorization header \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) throughHelper(ctx context.Context, id, apiKey string) {
	helpers.Record(ctx, w.svc, id, apiKey) // want `secret apiKey \([^ )]+:[0-9]+\) flows into run context through helpers.Record → \(\*oprun.Service\).UpdateContext`
}

func (w *worker) throughTwoHelpers(ctx context.Context, id string) {
	helpers.RecordTwice(ctx, w.svc, id, w.cfg.Password) // want `secret field Settings.Password \([^ )]+:[0-9]+\) flows into run context through helpers.RecordTwice → helpers.Record → \(\*oprun.Service\).UpdateContext`
}

func (w *worker) configField(ctx context.Context, id string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: "login as admin:" + w.cfg.Password}) // want `secret field Settings.Password \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) errorTextInMap(ctx context.Context, id string) {
	_, err := w.graph.UserCount(ctx)
	c := oprun.Context{}
	c["error"] = err.Error()
	w.svc.UpdateContext(ctx, id, c) // want `provider error body from \(\*msgraph.Client\).UserCount \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) runField(ctx context.Context, run *oprun.Run) {
	_, err := w.graph.Users(ctx)
	run.Reason.Message = err.Error() // want `provider error body from \(\*msgraph.Client\).Users \([^ )]+:[0-9]+\) flows into run message field oprun.Run.Reason; map it to a reason code with oprun.ReasonFrom`
}

func runContextField(run *oprun.Run, token string) {
	run.Context["token"] = token // want `secret token \([^ )]+:[0-9]+\) flows into run context field oprun.Run.Context`
}

func notification(id, bearer string) oprun.Notification {
	return oprun.Notification{RunID: id, Message: "sent with " + bearer} // want `secret bearer \([^ )]+:[0-9]+\) flows into notification field oprun.Notification.Message`
}

func (w *worker) dump(ctx context.Context, id string, resp *http.Response) {
	d, _ := httputil.DumpResponse(resp, true)
	w.svc.UpdateContext(ctx, id, oprun.Context{"response": string(d)}) // want `http dump from httputil.DumpResponse \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) errorsAs(ctx context.Context, id string) {
	_, err := w.graph.Users(ctx)
	var oe *msgraph.ODataError
	if errors.As(err, &oe) {
		w.svc.Fail(ctx, id, oprun.Reason{Message: oe.Message}) // want `provider error body from \(\*msgraph.Client\).Users \([^ )]+:[0-9]+\) flows into run message`
	}
}

func (w *worker) decodedBody(ctx context.Context, id string, req *http.Request) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return
	}
	var out struct{ Error string }
	_ = json.NewDecoder(resp.Body).Decode(&out)
	w.svc.Fail(ctx, id, oprun.Reason{Message: out.Error}) // want `http response body \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) doError(ctx context.Context, id string, req *http.Request) {
	_, err := http.DefaultClient.Do(req)
	if err != nil {
		w.svc.Fail(ctx, id, oprun.Reason{Message: err.Error()}) // want `provider error body from \(\*http.Client\).Do \([^ )]+:[0-9]+\) flows into run message`
	}
}

func (w *worker) wrappedInHelper(ctx context.Context, id string) {
	_, err := w.graph.Users(ctx)
	w.svc.Fail(ctx, id, oprun.Reason{Message: helpers.Wrap(err).Error()}) // want `provider error body from \(\*msgraph.Client\).Users \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) describedInHelper(ctx context.Context, id string) {
	_, err := w.graph.Users(ctx)
	w.svc.UpdateContext(ctx, id, oprun.Context{"why": helpers.Describe(err)}) // want `provider error body from \(\*msgraph.Client\).Users \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) filledByHelper(ctx context.Context, id string) {
	c := oprun.Context{"step": "login"}
	helpers.Fill(c, "key", w.cfg.APIKey)
	w.svc.UpdateContext(ctx, id, c) // want `secret field Settings.APIKey \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) namedFunc(ctx context.Context, id string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"t": helpers.LoadToken()}) // want `secret returned by helpers.LoadToken \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) secretType(ctx context.Context, id string, key helpers.APIKey) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: "key " + string(key)}) // want `secret helpers.APIKey value \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) revealed(ctx context.Context, id string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"cs": w.cfg.ClientSecret.Reveal()}) // want `secret field Settings.ClientSecret \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) stringsFuncs(ctx context.Context, id, password string) {
	p := strings.ToUpper(strings.TrimSpace(password))
	w.svc.Fail(ctx, id, oprun.Reason{Message: strings.Join([]string{"pw", p}, "=")}) // want `secret password \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) strconvFuncs(ctx context.Context, id, refreshToken string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: strconv.Quote(refreshToken)}) // want `secret refreshToken \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) bytesFuncs(ctx context.Context, id string, privateKey []byte) {
	up := bytes.ToUpper(bytes.TrimSpace(privateKey))
	w.svc.UpdateContext(ctx, id, oprun.Context{"pk": string(up)}) // want `secret privateKey \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) wholeStruct(ctx context.Context, id string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: fmt.Sprintf("config: %+v", w.cfg)}) // want `secret field Settings.Password \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) startRequest(ctx context.Context, connectionString string) {
	w.svc.Start(ctx, oprun.StartRequest{Type: "sync", Context: oprun.Context{"db": connectionString}}) // want `secret connectionString \([^ )]+:[0-9]+\) flows into run context through \(\*oprun.Service\).Start`
}

func (w *worker) captured(ctx context.Context, id, passphrase string) {
	defer func() {
		w.svc.UpdateContext(ctx, id, oprun.Context{"p": passphrase}) // want `secret passphrase \([^ )]+:[0-9]+\) flows into run context`
	}()
}

func (w *worker) providerInterface(ctx context.Context, id string) {
	if _, err := w.api.Users(ctx); err != nil {
		w.svc.Fail(ctx, id, oprun.Reason{Message: "users: " + err.Error()}) // want `provider error body from msgraph.UsersAPI.Users \([^ )]+:[0-9]+\) flows into run message`
	}
}

func (w *worker) providerDirective(ctx context.Context, id string) {
	if _, err := tenantapi.Fetch(id); err != nil {
		w.svc.Fail(ctx, id, oprun.Reason{Message: err.Error()}) // want `provider error body from tenantapi.Fetch \([^ )]+:[0-9]+\) flows into run message`
	}
}

func (w *worker) builder(ctx context.Context, id, clientSecret string) {
	var b strings.Builder
	b.WriteString("secret=")
	b.WriteString(clientSecret)
	w.svc.Fail(ctx, id, oprun.Reason{Message: b.String()}) // want `secret clientSecret \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) cookie(ctx context.Context, r *http.Request, id string) {
	c, err := r.Cookie("session")
	if err == nil {
		w.svc.UpdateContext(ctx, id, oprun.Context{"session": c.Value}) // want `cookie from \(\*http.Request\).Cookie \([^ )]+:[0-9]+\) flows into run context`
	}
}

func (w *worker) localVar(ctx context.Context, id string) {
	secret := strings.TrimSpace(os.Args[1])
	w.svc.UpdateContext(ctx, id, oprun.Context{"s": secret}) // want `secret secret \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) packageVar(ctx context.Context, id string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"t": apiToken}) // want `secret apiToken \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) joined(ctx context.Context, id string) {
	_, err := w.graph.Users(ctx)
	all := errors.Join(errors.New("sync failed"), err)
	w.svc.Fail(ctx, id, oprun.Reason{Message: all.Error()}) // want `provider error body from \(\*msgraph.Client\).Users \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) masked(ctx context.Context, id, token string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"t": helpers.Mask(token)}) // want `secret token \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) directiveField(ctx context.Context, id string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: w.cfg.Signing}) // want `secret field Settings.Signing \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) providerErrorBody(ctx context.Context, id string, pe *oprun.ProviderError) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"body": string(pe.Body)}) // want `secret field ProviderError.Body \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) sliceLiteral(ctx context.Context, id, credentials string) {
	parts := []string{"user", credentials}
	w.svc.Fail(ctx, id, oprun.Reason{Message: strings.Join(parts, ":")}) // want `secret credentials \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) storedInStruct(ctx context.Context, id, sessionKey string) {
	type failure struct{ msg, code string }
	f := &failure{code: "x"}
	f.msg = "session " + sessionKey
	w.svc.Fail(ctx, id, oprun.Reason{Message: f.msg}) // want `secret sessionKey \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) complete(ctx context.Context, id string) {
	_, err := w.graph.Users(ctx)
	reason := oprun.Reason{Code: oprun.ReasonProviderError, Message: err.Error()}
	w.svc.Complete(ctx, id, oprun.OutcomeFailed, reason) // want `provider error body from \(\*msgraph.Client\).Users \([^ )]+:[0-9]+\) flows into run message through \(\*oprun.Service\).Complete`
}

func (w *worker) suppressed(ctx context.Context, id, token string) {
	w.svc.Fail(ctx, id, oprun.Reason{Message: token}) //runtruth:allow runsecrets the token is a one-time code the operator must read back
	//runtruth:allow runsecrets
	w.svc.Fail(ctx, id, oprun.Reason{Message: token}) // want `secret token \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) payloadField(ctx context.Context, id string) {
	page, err := helpers.Members("https://api.example.com/members")
	if err != nil || len(page.Members) == 0 {
		return
	}
	w.svc.UpdateContext(ctx, id, oprun.Context{"mail": page.Members[0].Mail}) // want `http response body \([^ )]+:[0-9]+\) flows into run context`
}

func (w *worker) providerErrorFromHelper(ctx context.Context, id string) {
	if _, err := helpers.Members("https://api.example.com/members"); err != nil {
		w.svc.Fail(ctx, id, oprun.Reason{Message: err.Error()}) // want `provider error body from http.Get \([^ )]+:[0-9]+\) flows into run message`
	}
}

func (w *worker) envByName(ctx context.Context, id string, settings map[string]string) {
	w.svc.UpdateContext(ctx, id, oprun.Context{"db": os.Getenv("DB_PASSWORD")}) // want `secret DB_PASSWORD from os.Getenv \([^ )]+:[0-9]+\) flows into run context`
	w.svc.Fail(ctx, id, oprun.Reason{Message: "key " + settings["api-key"]})    // want `secret api-key \([^ )]+:[0-9]+\) flows into run message`
}

func tokens(token string) iter.Seq[string] {
	return func(yield func(string) bool) { yield(token) }
}

func each(xs []string, f func(string)) {
	for _, x := range xs {
		f(x)
	}
}

func (w *worker) iterators(ctx context.Context, id, apiKey string, passwords []string) {
	for t := range tokens(apiKey) {
		w.svc.UpdateContext(ctx, id, oprun.Context{"t": t}) // want `secret apiKey \([^ )]+:[0-9]+\) flows into run context`
	}
	each(strings.Fields(apiKey), func(s string) {
		w.svc.Fail(ctx, id, oprun.Reason{Message: s}) // want `secret apiKey \([^ )]+:[0-9]+\) flows into run message`
	})
}

// runs is the run service as this package uses it, for tests.
type runs interface {
	Fail(ctx context.Context, id string, reason oprun.Reason) (*oprun.Run, error)
	UpdateContext(ctx context.Context, id string, kv oprun.Context) error
}

func throughInterface(ctx context.Context, r runs, id, token string) {
	r.Fail(ctx, id, oprun.Reason{Message: token})       // want `secret token \([^ )]+:[0-9]+\) flows into run message through \(\*oprun.Service\).Fail`
	r.UpdateContext(ctx, id, oprun.Context{"t": token}) // want `secret token \([^ )]+:[0-9]+\) flows into run context through \(\*oprun.Service\).UpdateContext`
}

func (w *worker) fieldThroughMethod(ctx context.Context, id, token string) {
	c := &client{auth: "Bearer " + token, lastStatus: "ok"}
	w.svc.Fail(ctx, id, oprun.Reason{Message: c.header()}) // want `secret token \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) methodValues(ctx context.Context, id, token string) {
	c := &client{auth: "Bearer " + token}
	get := c.header
	w.svc.Fail(ctx, id, oprun.Reason{Message: get()})               // want `secret token \([^ )]+:[0-9]+\) flows into run message`
	w.svc.Fail(ctx, id, oprun.Reason{Message: (*client).header(c)}) // want `secret token \([^ )]+:[0-9]+\) flows into run message`
}

func (w *worker) capturedToken(ctx context.Context, id string) {
	token := strings.TrimSpace(os.Args[1])
	defer func() {
		w.svc.UpdateContext(ctx, id, oprun.Context{"t": token}) // want `secret token \([^ )]+:[0-9]+\) flows into run context`
	}()
	token = strings.ToLower(token)
}

func (w *worker) multiLine(ctx context.Context, id, token string) {
	w.svc.Fail(ctx, id, oprun.Reason{
		Code:    oprun.ReasonUnauthorized,
		Message: "token " + token, // want `secret token \([^ )]+:[0-9]+\) flows into run message`
	})
	w.svc.UpdateContext(ctx, id, oprun.Context{
		"step": "auth",
		//runtruth:allow runsecrets the token is a public fixture of the sandbox tenant
		"token": token,
	})
	w.svc.Start(ctx, oprun.StartRequest{
		Type: "sync",
		Context: oprun.Context{
			"step": "auth",
			"key":  token, // want `secret token \([^ )]+:[0-9]+\) flows into run context through \(\*oprun.Service\).Start`
		},
	})
}
