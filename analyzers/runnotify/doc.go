// Package runnotify defines an Analyzer that reports run notifications and
// run links composed outside their central API.
//
// # Analyzer runnotify
//
// runnotify: run notifications and run links come from one place
//
// A notification type (a named struct type marked //runtruth:notification)
// is built only by its declaring package; a run link is built only by the
// link builder (a func marked //runtruth:link PREFIX). Outside those
// packages the analyzer reports:
//
//   - a composite literal of a notification type, including a literal whose
//     type is elided in a slice or map literal, and a conversion to a
//     notification type from another type (a look-alike struct). An
//     empty literal returned as a result, the zero value beside an error
//     (return oprun.Notification{}, err), is no notification and is not
//     reported;
//   - a string literal, interpreted or raw, whose value contains the link
//     builder's PREFIX as a substring, wherever it appears (a format string,
//     a constant declaration, an argument); a constant concatenation
//     ("/operations/" + "runs/") whose value contains PREFIX while none of
//     its operands does; and a call of path.Join or url.JoinPath whose
//     leading constant arguments join into a path containing PREFIX.
//
// PREFIX is matched as declared, as a case-sensitive substring: with the
// prefix /operations/runs/, the strings "/operations/", "/operations/runs"
// (the list page, without the trailing slash) and "/operations/runsheet"
// are not run links. Declare the prefix with its trailing slash. A link
// builder is known where its package is a dependency (its declaration
// travels as a fact). Struct tags, import paths and the pattern of a
// net/http route registration (http.Handle, http.HandleFunc and the
// ServeMux methods of those names), which declares the route rather than
// building a link, are not checked; for another router, put a
// //runtruth:allow runnotify directive with its reason on the route. Neither
// check applies in the declaring package of the notification type or of the
// link builder.
//
// For oprun the messages say that the notification is sent by
// (*oprun.Service) on terminal transitions (opt in with StartRequest.Notify)
// and that run links come from oprun.RunLink.
package runnotify

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
