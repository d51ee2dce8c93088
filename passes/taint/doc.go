// Package taint is the taint analysis behind the runsecrets check: it
// finds secrets, credentials, raw provider payloads and provider errors
// (the sources that the runsecrets check documents) that flow into a run
// message, a run context or a notification (the sinks).
//
// # Method
//
// Each function is analyzed in SSA form, built as buildssa builds it (with
// the ctrlflow pass's functions that never return); with
// debug information (which maps every use of a local variable to its value,
// a variable's name being a source) only for packages with a local variable
// whose name is sensitive. The analysis is a flow-insensitive fixpoint over
// the function's instructions. A label on each value records the parameters
// it may come from and, of the sources that reach it, one (the first in a
// fixed order). Memory is modelled by location: a root value (an
// allocation, a parameter, a call result) and a path of field indices and
// element steps, so that a struct literal's fields stay apart (a hostname
// read from a struct that also holds a password is clean) while map and
// slice elements are one location.
//
// Taint is field-sensitive: a label keeps what a value is (its data) apart
// from what it holds behind a struct field (held sources and parameters).
// A load sees what is stored below its location past a field as held, and
// a part of what is stored above it as data only; values whose type holds
// nothing (strings, numbers) and errors, which are read by their text,
// carry data only, and derive from their parameters' data, not from what
// the parameters hold. Formatting or serializing a value whole (fmt, a
// Marshal function, an Encode method) and passing it whole to a sink turn
// what it holds into data; decoding serialized data turns it back into
// held. A struct converted to an interface holds its secret fields (by
// type, through embedded structs but not nested pointers, which fmt
// prints as addresses), or, with a String method, what the method
// returns. A source carries where it is read (At), or where a value
// holding it was formatted whole.
//
// Every function gets a Summary: what flows from its parameters (and of its
// own sources) into each result, into what each pointer, map or slice
// parameter refers to (into single fields of the struct it points to
// apart), and into a sink (the parameter whole, or only its data). A flow from a single field of a
// struct parameter (or of the struct it points to) names that field, so
// that a method returning one field of its receiver does not return what
// another field holds. Summaries are exported as facts and applied at calls
// in other packages, so a flow through helpers in other packages is found.
// Within a package, functions are analyzed callees first, strongly
// connected components of the call graph until their summaries settle.
//
// The standard library and the packages of dependency modules (those with a
// version whose source is in the module cache or a vendor directory) are
// not analyzed; the packages of the main module, of workspace modules, of
// modules replaced by a local directory and of GOPATH trees are. Calls into
// unanalyzed packages are modelled: by default a call's results carry its
// arguments (its error results only when an argument is an error, and
// always for fmt, errors, strconv and net/url; a struct result parsed from
// a credential, such as a JWT's claims or a certificate, carries no secret:
// its secret fields are sources by their names), and writers, readers,
// decoders and errors.As carry what they write. Calls of interface methods
// and func values without a static callee are modelled the same way.
//
// # Sources and sinks
//
// Sources: values of secret types and fields, and results of secret funcs; variables, parameters,
// fields, function results and functions whose identifier names a secret
// (see internal/secretname, the vocabulary that oprun's redaction uses
// too, extended by the configuration's
// secrets.words and secrets.ignore-words) when their type is string-like or
// []byte (a token that is a pagination cursor, such as nextToken, is not);
// values looked up by a constant key that names a secret
// (os.Getenv("DB_PASSWORD"), m["api-key"]); the Body of an *http.Response
// and what is read from it; httputil.Dump* results; Header.Get and Values
// of credential headers and request cookies; the error results of provider
// calls (package providers).
//
// Clean: values of numeric, boolean and time types; constants; package
// variables that their package only ever assigns constants (exported as
// ConstVar facts); the results of sanitizers, hash sums and
// (*url.URL).Redacted; a field that names an ID, a name, a count, a code, a
// status or a cursor, read from a payload or a provider error. A value of a
// type whose String method is a sanitizer (oprun.Secret) formats as a
// redacted text, so converting it to an interface is clean. A parameter
// that is a source by its own name is reported inside its function; its
// summary carries the parameter, so callers judge their own arguments and
// one flow is reported once.
//
// Sinks: the arguments of sink parameters (in any package, through the
// model's facts; for a call of an interface method, the sink method of the
// same name of a type in a run type's package that implements the
// interface), stores into a run type's sink fields (also through maps and
// fields below them), and stores into the fields of a notification type,
// which is how its composite literals are built.
//
// A func literal carries what it captures. At the literal, its summary's
// flows from captured variables into sinks are reported and its stores
// into captured variables applied; a literal passed to a call may be
// called back with what the call's other arguments carry (range-over-func
// iterators, visitors), which its parameters then receive.
//
// A source keeps one test of a parameter that holds where it is read
// (Source.Only: a field of the parameter, or a method of it called
// without arguments, compared with a constant). A call carries the test
// to its argument: the source does not flow from a call reached only
// where the test fails, and a sink reached only there does not receive
// it (see cond.go). This drops flows that are infeasible along one
// variable only; every other flow stays.
//
// # Bounds
//
// The work is bounded so that no input makes it blow up:
//
//   - at most 12 fixpoint passes over a function's instructions (3 for a
//     function of more than 8000 instructions); a label only grows, so a
//     pass costs one visit of each instruction;
//   - at most 4 rounds over a set of mutually recursive functions;
//   - memory paths of at most 4 steps and at most 32 paths per root (what
//     is stored deeper, or past the 32nd path, is held by the location
//     or the root, never its data);
//   - 64 parameters tracked one by one (the rest share one bit), at most
//     8 parameter fields per value (more become their whole parameters),
//     at most 4 sinks per parameter and 4 helpers named per sink in a
//     summary;
//   - one source per value: labels never hold sets of sources; one test
//     per source, and 4 tests per block, of the nearest dominating ifs.
//
// There is no path enumeration: the cost is linear in the size of the
// package times the pass bound. BenchmarkSuite in analyzers/runsecrets
// measures it over a generated module of 40 packages and 3,000 functions
// that call the run service throughout: there runsecrets doubles the CPU
// time of the rest of the suite (about half of the analysis, a fifth of
// the run with loading and type-checking); most of its cost is building
// SSA.
//
// # Limits
//
// The analysis does not track values through package-level variables
// across functions, through channels between functions, or through
// closures that are stored and called elsewhere; stores through one
// pointer value are not seen through another pointer to the same memory
// that comes from a different load; a summary tells apart the fields of a
// parameter, not fields below them or elements.
package taint
