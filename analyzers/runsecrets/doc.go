// Package runsecrets defines an Analyzer that reports secrets,
// credentials, raw provider payloads and provider error bodies flowing
// into a run message, a run context or a notification.
//
// # Analyzer runsecrets
//
// runsecrets: no secret, credential or raw provider payload reaches a run's
// message, context or notifications
//
// Run messages, run contexts and notifications are shown to operators and
// to the run's workspace. The analyzer follows values from a source to a
// sink and reports at the sink, naming the source and what to do instead.
//
// Sources:
//
//   - values of types and struct fields marked //runtruth:secret (or
//     listed under secrets in the configuration), and the results of funcs
//     and methods so marked (secrets: funcs), such as a repository's
//     GitURL that puts its credentials in the URL (where the func's body
//     shows which secret a result carries, and under which test of its
//     arguments, that is followed instead);
//   - variables, parameters, fields and function results whose name is a
//     secret: one of its words, or a run of them written together, is
//     password, passwd, pwd, pass, pw, passphrase, secret, token, apikey,
//     accesskey, accountkey, privatekey, secretkey, signingkey,
//     sharedaccesskey, sharedaccesssignature, clientsecret, credential(s),
//     bearer, authorization, cookie, sessionkey, refreshtoken,
//     connectionstring, accesstoken, idtoken or authtoken, or one word ends
//     with password, passwd, secret or token (pgpassword, csrftoken)
//     (camelCase, snake_case and acronyms are split into words, so apiKey,
//     api_key and APIKey all match; a plural does not, as max_tokens counts
//     them), unless a word after it marks it as something about the secret
//     (count, len, length, size, expiry, expires, url, uri, endpoint, name,
//     id, ref, path, file, type, kind, policy, less, reset) or a word
//     anywhere marks it as transformed or public (hash, hashed, digest,
//     redacted, masked, public), and only when its type is a string, a
//     []byte or a pointer to one; a token that a word before it makes a
//     pagination or sync cursor (nextToken, pageToken, skipToken,
//     deltaToken, continuationToken, syncToken) is not a secret. oprun's
//     redaction calls the same names secret (internal/secretname holds the
//     one vocabulary); secrets.words and secrets.ignore-words in the
//     configuration extend the lists for the check;
//   - a value looked up by a constant key that names a secret:
//     os.Getenv("DB_PASSWORD"), values["api-key"], a Get or Lookup method
//     with such a key;
//   - the Body of an *http.Response and everything read from it
//     (io.ReadAll, a JSON decoder, ...), and httputil.Dump* results;
//   - Header.Get and Header.Values of Authorization, Proxy-Authorization,
//     Cookie and Set-Cookie, and request and response cookies;
//   - the error results of provider calls (see the renderprovider check:
//     //runtruth:provider, configured provider packages, the net/http
//     client and the cloud SDKs), their Error() text and whatever is
//     formatted or wrapped from them. An error from any other call is not
//     a source.
//
// A field picked from a decoded payload or a provider error that names an
// ID, a name, a count, a type, a code, a status or a cursor is clean: it
// is what a run should record instead of the payload, and what
// oprun.ReasonFrom keeps of an error.
//
// Taint follows assignments, concatenation, fmt, errors, strings, bytes
// and strconv functions, conversions, map, slice and struct literals,
// field stores and loads, Error() and String() methods, and calls of
// functions in any package through their summaries. Numbers, booleans and
// times are clean; so are constants and the results of //runtruth:sanitizer
// functions (such as oprun.Redact and oprun.ReasonFrom), len, hash sums and
// (*url.URL).Redacted. A package variable that is only ever assigned
// constants (var WebhookSecret = "webhook-serving-cert") holds a name, not
// a secret. A sanitizer cleans only what passes through it.
// A type whose String method is a sanitizer, such as oprun.Secret, formats
// as a redacted text; its Reveal-like methods still return the secret.
//
// Taint is field-sensitive. A struct, or a pointer, slice or map of
// structs, that holds a secret in one of its fields is not a secret
// itself: reading another of its fields is clean, and so is text derived
// from it that is not that field (a name read through a method).
// Formatting or serializing the whole value (fmt's %v and %+v, a Marshal
// function or Encode method, a String method that prints the field) or
// passing it whole to a sink leaks what it holds. fmt prints an error by
// its Error method and a Stringer by its String method, and a nested
// pointer without one as an address. A value decoded from serialized data
// that held a secret holds it in turn; its fields are sources by their
// names. Where the analysis approximates (a memory path past its depth
// bound, too many paths for one value, code it does not analyze), what a
// value holds stays held: a flow is dropped rather than widened.
//
// A source read only under a test of a value is not followed where the
// same test rules it out. GitURL below puts the password into the URL of
// an HTTP repository only, and Dir calls it for local ones: Dir's result
// is clean, and so is GitURL's where a caller has tested the kind itself.
// Tests are equalities of a constant with a field of a value, or with a
// method of it called without arguments, as an if or a switch on a kind
// compiles them; they are followed from a function to its callers and
// callees while the value is the same variable or parameter. A test that
// is not recognized keeps the finding.
//
//	func (r Repo) GitURL() string {
//		if r.Kind() == HTTP {
//			return r.Login + ":" + r.Password + "@" + r.URL
//		}
//		return r.URL
//	}
//
//	func (r Repo) Dir() string {
//		if r.Kind() == Local {
//			return r.GitURL()
//		}
//		return path.Join(cacheDir, r.Name)
//	}
//
// Sinks: the arguments of //runtruth:sink parameters (such as the kv of
// (*oprun.Service).UpdateContext and the reason of Fail, Complete and
// Block), also when the call goes through an interface that such a method
// implements; stores into the sinks= fields of a run type (oprun.Run's
// Reason and Context); and the field values of a //runtruth:notification
// type. A sink inside a func literal is reported for what the literal
// captures, and for what it is called back with by an iterator or a
// visitor.
//
// The message names where the source is read, or where a value holding it
// is formatted whole, as the file's directory and name and the line
// ("secret field Settings.Password (app/leaks.go:70) flows into ..."); the
// diagnostic's related information points there, and at each function of
// the chain where the value goes on, when that is in the same package.
// One call that passes the same source through several arguments is one
// finding.
//
// The diagnostic points at the value as it enters the sink: the argument
// or the stored value, and for a literal built there (a Reason, a Context
// map, a StartRequest) the element that carries the source, which is the
// line a //runtruth:allow runsecrets directive must be on. For a provider
// error it recommends oprun.ReasonFrom, for a secret oprun.Redact, for a
// raw payload recording ids or counts instead.
//
// The taint analysis is in package passes/taint; its documentation lists
// its bounds and limits.
package runsecrets

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
