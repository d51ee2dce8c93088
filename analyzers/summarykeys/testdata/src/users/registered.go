package users

import (
	"fmt"

	"inv"
)

// KA is an alias of the registry type.
type KA = inv.CountKey

const plain = "gears"      // an untyped string constant: not a key until converted
const note = "whatever"    // a plain string constant that is never a key
const other Counter = "no" // a constant of another string type

// Registered keys in every implicit-conversion position: all silent.
func Registered(k inv.CountKey, r *inv.Recorder, name string, n int64) inv.CountKey {
	m := map[inv.CountKey]int{"gears": 1}          // a registered map key
	take("gems")                                   // a registered argument
	k = "widgets_built"                            // a registered assignment
	var k2 inv.CountKey = "widgets_failed"         // a registered declaration
	ks := []inv.CountKey{"widgets_total"}          // a registered slice element
	_ = [1]inv.CountKey{0: "widgets_local"}        // a registered array element
	_ = Stats{Key: "gears", Count: 1}              // a registered struct field
	_ = Stats{}                                    // a zero struct sets no key
	_ = inv.CountKey("widgets_" + "built")         // a registered constant concatenation
	take(plain)                                    // an untyped constant whose value is registered
	_ = inv.CountKey(plain)                        // converting a registered constant
	var alias KA = "gems"                          // through an alias of the registry type
	_ = fmt.Sprintf("%s %s", note, "not_a_key")    // plain strings stay plain
	if string(k) == "not_a_key" || k2 == "gears" { // comparing the string form with any string
		_ = other
	}
	switch k {
	case "gears", "gems": // registered cases
	}
	counts := map[string]any{"widgets_built": n}
	counts[string(inv.Gems)] = 1 // a registered constant key
	_ = counts[name]             // reading with a dynamic key
	delete(counts, name)         // deleting with a dynamic key
	r.Record("1", counts)
	_, _, _ = m, ks, alias
	return "widgets_total" // a registered return value
}

// Unchecked maps: not passed to a summary sink, or passed to a func without
// the directive.
func Unchecked(name string, items []string) {
	counts := map[string]any{"nope": []int{}, name: "x"} // never passed to a summary sink
	_ = counts
	loose := map[string]any{"nope": items}
	inv.NotASink(loose) // no directive
	inv.NotASink(map[string]any{name: map[string]int{}})
}

// Scoped checks that only the variable passed to the sink is checked, in
// its own scope.
func Scoped(r *inv.Recorder, name string) {
	counts := map[string]any{"gears": 1}
	{
		counts := map[string]any{name: "shadowed"} // a different variable
		_ = counts
	}
	r.Record("1", counts)
}

// Elsewhere has a variable of the same name that is never passed.
func Elsewhere(name string) map[string]any {
	counts := map[string]any{name: []string{"x"}}
	return counts
}
