package users

import (
	"strconv"

	"inv"
)

// Counter is a non-registry string type with the same shape.
type Counter string

// Near misses: none of these is reported.
func Silent(r *inv.Recorder, k inv.CountKey, n int, f float64, lvl inv.Level, any1 any, ks map[inv.CountKey]int) inv.CountKey {
	_ = Counter("wigets_built")                 // not a summary-key type
	_ = map[string]int{"wigets_built": 1}       // a string map that is not passed to a summary sink
	inv.NotASink(map[string]any{"x": []int{1}}) // same shape, no directive
	_ = string(k) + "_suffix"                   // reading a key is fine
	_ = strconv.Quote(string(k))                // so is converting it back to string
	var local Counter = Counter(k)              // converting away from the registry type
	_ = local
	r.Record("1", map[string]any{
		"widgets_built":           n,
		string(inv.WidgetsFailed): f,
		"gears":                   lvl,  // a named numeric type is numeric
		"gems":                    any1, // an interface value: its dynamic type is not known
		"widgets_total":           uint8(3),
		"widgets_local":           1 + 2i, // complex is numeric
	})
	inv.Add(map[string]int64{string(inv.Gears): 1, "gems": int64(n)})
	inv.AddTyped(map[inv.CountKey]any{inv.Gears: 1, k: 2}) // a key of the registry type held in a variable is not dynamic: it was checked where it was made
	ks[k]++
	ks[inv.CountKey(k)]++ // converting a key to its own type builds nothing new
	switch k {
	case inv.Gears, inv.Gems, "widgets_built":
	}
	if k == inv.WidgetsTotal {
		return inv.Parse("x") // inv may convert
	}
	return "widgets_failed"
}

// Generic converts inside a generic function: the conversion's target is a
// type parameter, not the registry type.
func Generic[T ~string](s string) T { return T(s) }

var _ = Generic[inv.CountKey]("anything")

// pick returns the zero key: the empty string is "no key", not a key.
func pick(ok bool) (inv.CountKey, bool) {
	if !ok {
		return "", false
	}
	return inv.Gems, true
}
