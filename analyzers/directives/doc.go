// Package directives defines an Analyzer that reports malformed, unknown,
// misplaced and unused //runtruth: directives.
//
// # Analyzer directives
//
// directives: every //runtruth: directive must mean something
//
// The analyzer reports:
//
//   - an unknown directive name, and a directive written with a space
//     after the slashes (// runtruth:run), which Go tools ignore;
//   - arguments that do not parse, or that name fields or parameters the
//     declaration does not have;
//   - a directive outside a doc comment, or on a declaration it does not
//     apply to (//runtruth:scope on a func, //runtruth:run on a non-struct);
//   - //runtruth:allow with an unknown check, a check named twice or without
//     a reason (such an allow suppresses nothing);
//   - //runtruth:allow that suppressed no finding of its check. An allow of
//     several checks (//runtruth:allow directwrite,dupetruth why) is judged
//     check by check: a check of it that suppressed nothing is reported.
package directives

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
