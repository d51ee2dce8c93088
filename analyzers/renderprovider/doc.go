// Package renderprovider defines an Analyzer that reports remote provider
// calls reachable from a render path.
//
// # Analyzer renderprovider
//
// renderprovider: remote provider work runs in jobs and services, never
// while the UI renders
//
// A page, component or template function that calls Microsoft Graph, a
// cloud SDK or a plain HTTP client while it renders makes every page view
// a remote call: slow, rate limited, failing in front of the user and
// outside any operation run. Load the data in a job or service (an
// operation run started with (*oprun.Service).Start, or the service that
// owns the data) before rendering, and pass the result in.
//
// A page view must not wait on a provider. Render entry points are:
//
//   - funcs and methods under a //runtruth:render directive (on the func,
//     its receiver's named type or its package clause) or render: funcs:
//     in the configuration;
//   - every method with the templ component shape
//     Render(context.Context, io.Writer) error;
//   - funcs, method values and func literals placed in a template.FuncMap
//     literal (html/template or text/template), or in a map literal passed
//     to (*template.Template).Funcs;
//   - func literals that an entry point returns or passes as an
//     http.HandlerFunc, named as the runtime names them (HandleX.func1);
//   - in the packages of the configuration's render: packages: (a whole
//     web tree), the funcs, methods and func literals that render.
//
// A function renders when it makes a render call on its main path: a call
// of (*template.Template).Execute or ExecuteTemplate (html/template or
// text/template), of a templ component's Render, of gin's
// (*gin.Context).HTML, of echo's Context.Render, of a func or method under
// a //runtruth:rendercall directive or render-calls: in the configuration
// (a framework's own HTML method), or of a function of its package that
// renders. A call inside a branch that ends in a return (or a panic) is not
// on the main path: such a branch shows an error, or a submitted form
// again with its errors. A function redirects when it calls, on its main
// path, a func or method whose name starts or ends with Redirect
// (http.Redirect, gin's and echo's, a framework's own) or a function of its
// package that redirects.
//
// In a render package, a function or func literal that renders and does
// not redirect is a page view, and a render entry point, unless other
// functions of the package call it: such a helper is part of its callers'
// paths, and its provider calls are reported where page views call it. One that
// redirects is an action (post/redirect/get) even where it renders: a form
// post that verifies a captcha or checks a password against a breach API,
// shows the form again when that fails and otherwise redirects is not
// reported, nor is one that renders an interstitial page on the way. A
// handler that mutates and then renders without redirecting is a page
// view: the page waits for what it calls. A function that renders only in
// branches that return, or only through a function of another package
// that is not declared a render call, is not known to render: declare it
// with render: funcs: or //runtruth:render when it is a page.
//
// Provider calls are calls of funcs and methods under a
// //runtruth:provider directive or a configured provider package or func;
// by default the net/http client (http.Get, http.Post, http.PostForm,
// http.Head and the Do, Get, Post, PostForm and Head methods of
// *http.Client) and every func and method of the packages under
// github.com/microsoftgraph/, github.com/Azure/azure-sdk-for-go/,
// github.com/aws/aws-sdk-go-v2/, github.com/aws/aws-sdk-go/,
// google.golang.org/api/ and cloud.google.com/go/; calls of interface
// methods whose interface is declared in a provider package; and calls of
// the methods of an interface-typed field of a provider type
// (client.Users.Find, with scm.Client declared a provider). The funcs and
// methods under providers: exclude: in the configuration are not provider
// calls (a cached getter, a pure helper of a provider package).
//
// A call in a render entry point is reported when it is a provider call or
// when its statically known callee reaches one, transitively, within the
// package and across packages. Calls in go and defer statements and in
// func literals called in place count; a func literal or func value that is
// only stored or passed along (for example to a job queue) does not. Method
// calls through embedding and calls of generic functions resolve to the
// declared method or function. The message names the whole chain, from the
// entry point to the provider call, and its related information points at
// each call of the chain:
//
//	render path Page.Render reaches provider call (*graph.Client).Users via loadTenant → fetchUsers; load it in a job or service before rendering and pass the result in
//
// A call of a render entry point of the same package is not reported at
// the caller: the callee's own finding covers it. Calls through func
// values and interfaces of packages that are not provider packages are not
// followed.
package renderprovider

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
