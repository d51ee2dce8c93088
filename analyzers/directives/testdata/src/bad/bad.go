// Package bad holds malformed directives.
package bad

/* want `unknown directive //runtruth:runn; did you mean //runtruth:run\?` */ //runtruth:runn

/* want `unknown directive //runtruth:notprovider \(known:` */ //runtruth:notprovider
type A struct{ Status string }

/* want `directive has a space after //: write //runtruth:run` */ // runtruth:run
type B struct{ Status string }

/* want `//runtruth:run applies to a named struct type; C is not a struct` */ //runtruth:run
type C string

/* want `//runtruth:run applies to a named struct type, not to a func` */ //runtruth:run
func D() {}

/* want `//runtruth:run fields=Nope: E has no field Nope` */ //runtruth:run fields=Nope
type E struct{ Status string }

/* want `//runtruth:run has unknown argument foo=` */ //runtruth:run foo=bar
type F struct{ Status string }

/* want `//runtruth:run: G has neither a Status nor an Outcome field; name its guarded fields with fields=` */ //runtruth:run
type G struct{ State string }

/* want `bad package pattern` */ //runtruth:run owner=a/.../b
type H struct{ Status string }

/* want `//runtruth:run argument "fields" is not key=value` */ //runtruth:run fields
type I struct{ Status string }

/* want `//runtruth:scope applies to a struct field, not to a type` */ //runtruth:scope
type J struct{ Workspace string }

type K struct {
	/* want `//runtruth:proof applies to a named struct type, not to a struct field` */ //runtruth:proof
	Field string
}

/* want `//runtruth:sink: L has no parameter msg \(parameters: text\)` */ //runtruth:sink msg
func L(text string) {}

/* want `//runtruth:summary: parameter counts is not a map of summary counts` */ //runtruth:summary counts
func M(counts []int) {}

/* want `//runtruth:summarykeys applies to a named string type; N is not one` */ //runtruth:summarykeys
type N int

/* want `//runtruth:link takes exactly one argument, got 0` */ //runtruth:link
func O() string { return "" }

/* want `//runtruth:sanitizer takes no arguments, got "extra"` */ //runtruth:sanitizer extra
func P(s string) string { return s }

/* want `//runtruth:summary: counts has string keys but package bad declares no //runtruth:summarykeys type` */ //runtruth:summary counts
func Q(counts map[string]int) {}

/* want `//runtruth:secret applies to a named type, struct field, func or method, not to a var or const` */ //runtruth:secret
var R = "x"

/* want `//runtruth:link prefix "/" is not a route` */ //runtruth:link /
func S(id string) string { return id }

func T() {
	/* want `//runtruth:provider is not in a doc comment: put it in the doc comment of a func, method, named type or package clause` */ //runtruth:provider
	_ = 1
}

func U() int {
	x := 1 /* want `//runtruth:allow directwrite suppresses no finding on its line; remove it` */ //runtruth:allow directwrite nothing is written here
	/* want `//runtruth:allow names unknown check "nosuchcheck"` */ //runtruth:allow nosuchcheck because
	x++
	/* want `//runtruth:allow directwrite has no reason, so it suppresses nothing` */ //runtruth:allow directwrite
	x++
	/* want `//runtruth:allow needs a check and a reason` */ //runtruth:allow

	/* want `//runtruth:allow directwrite,,directwrite: write the checks once each` */ //runtruth:allow directwrite,,directwrite twice
	return x
}

// Mode is not a registry: it has no constants.
//
/* want `//runtruth:summarykeys: Mode has no constants, so no key is registered` */ //runtruth:summarykeys
type Mode string

/* want `//runtruth:run fields= repeats Status` */ //runtruth:run fields=Status,Status
type V struct{ Status string }

/* want `//runtruth:sink repeats a` */ //runtruth:sink a,a
func W(a string) {}

// X has two link directives.
//
//runtruth:link /x/
/* want `//runtruth:link is repeated on X` */ //runtruth:link /y/
func X(id string) string { return id }

/* want `//runtruth:writer takes exactly one argument, got 0` */ //runtruth:writer
func W1() {}

/* want `//runtruth:writer: .*Legacy` */ //runtruth:writer Legacy
func W2() {}

type notRun struct{}

func (notRun) M() {}

/* want `//runtruth:writer: bad.notRun.M is not a run type` */ //runtruth:writer bad.notRun.M
func W3() {}

/* want `//runtruth:start takes exactly one argument, got 0` */ //runtruth:start
func S1() {}

/* want `//runtruth:start: bad.Nope resolves to nothing in package bad` */ //runtruth:start Nope
func S2() {}

/* want `//runtruth:reconciler: Mode is not a run type: not a struct` */ //runtruth:reconciler Mode
func S3() {}

/* want `//runtruth:reconciler: W is not a run type` */ //runtruth:reconciler W
func S4() {}

/* want `//runtruth:reconciler applies to a func or method, not to a type` */ //runtruth:reconciler V
type S5 struct{}

// S6 starts runs of V, a run type of this package.
//
//runtruth:start V
func S6() {}
