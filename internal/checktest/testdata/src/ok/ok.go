package ok // want package:"pkg ok"

import "strings"

func bad() {}

func Flagged() {} // want Flagged:"flagged"

func F() {
	bad() // want "call of bad"
	bad() /* want "call of bad" */
	// want +1 "call of bad"
	bad()
	_ = strings.ToUpper("x")
}
