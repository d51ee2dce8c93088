// Package users reports counts to inv's registry from another package.
package users

import (
	"fmt"

	"inv"
	"thirdparty"
)

type Stats struct {
	Key   inv.CountKey
	Count int
}

func take(k inv.CountKey) {}

func giveKey() inv.CountKey {
	return "widgets_lost" // want `unregistered summary key "widgets_lost"; register it as a constant of CountKey in inv`
}

// Implicit conversions of untyped constants to the registry type.
func Implicit(k inv.CountKey, ks []inv.CountKey) {
	m := map[inv.CountKey]int{
		"widgets_failed": 1,
		"wigets_built":   2, // want `unregistered summary key "wigets_built"; did you mean "widgets_built"\?`
	}
	m["unknown_key"]++                 // want `unregistered summary key "unknown_key"; register it as a constant of CountKey in inv`
	take("gers")                       // want `unregistered summary key "gers"; did you mean "gears" or "gems"\?`
	k = "nope"                         // want `unregistered summary key "nope"`
	var k2 inv.CountKey = "nope2"      // want `unregistered summary key "nope2"`
	ks = append(ks, "nope3")           // want `unregistered summary key "nope3"`
	_ = []inv.CountKey{"nope4"}        // want `unregistered summary key "nope4"`
	_ = Stats{Key: "nope5", Count: 1}  // want `unregistered summary key "nope5"`
	_ = [2]inv.CountKey{1: "nope6"}    // want `unregistered summary key "nope6"`
	_ = inv.CountKey("nope" + "7")     // want `unregistered summary key "nope7"`
	if k == "nope8" || "nope9" == k2 { // want `unregistered summary key "nope8"` `unregistered summary key "nope9"`
	}
	switch k {
	case inv.Gears, "nope10": // want `unregistered summary key "nope10"`
	}
	take(`gearz`)                // want `unregistered summary key "gearz"; did you mean "gears"\?`
	take(inv.CountKey(("gemz"))) // want `unregistered summary key "gemz"; did you mean "gems"\?`
	const loose = "nope11"
	take(loose) // want `unregistered summary key "nope11"`
	_ = m
	_ = fmt.Sprint(inv.CountKey("nope12")) // want `unregistered summary key "nope12"`
}

// Outside inv: no conversions of non-constants, no new constants.
const Mine inv.CountKey = "widgets_total" // want `summary key constant Mine of type inv.CountKey declared outside inv registers nothing; declare it in inv to register it`

const (
	Alias  = inv.Gears // want `summary key constant Alias of type inv.CountKey declared outside inv registers nothing`
	Plain  = "gears"
	Number = 3
)

func Dynamic(s string, b []byte) {
	take(inv.CountKey(s))                // want `conversion of a non-constant string to inv.CountKey builds a dynamic summary key outside inv; use a constant of CountKey declared in inv`
	_ = inv.CountKey(fmt.Sprint("x", 1)) // want `conversion of a non-constant string to inv.CountKey builds a dynamic summary key`
	_ = (inv.CountKey)(string(b))        // want `conversion of a non-constant string to inv.CountKey builds a dynamic summary key`
	const local inv.CountKey = "gems"    // want `summary key constant local of type inv.CountKey declared outside inv registers nothing`
	_ = local
}

// Loose summary sinks: string keys and interface values.
func Loose(r *inv.Recorder, name string, nested map[string]int64, st inv.Flat, p *int, v any) {
	r.Record("1", map[string]any{
		"widgets_built":           1,
		"widgets_totl":            2,        // want `unregistered summary key "widgets_totl"; did you mean "widgets_total"\? register it as a constant of CountKey in inv`
		name:                      3,        // want `dynamic summary key name passed to \(\*inv.Recorder\).Record; use a constant of CountKey declared in inv`
		"widgets_" + name:         4,        // want `dynamic summary key "widgets_" \+ name passed to`
		string(inv.WidgetsFailed): nested,   // want `summary count "widgets_failed" passed to \(\*inv.Recorder\).Record is a nested map \(map\[string\]int64\); summary counts are flat numeric values: pass one number per registered key`
		"gears":                   []int{1}, // want `summary count "gears" passed to \(\*inv.Recorder\).Record is a slice \(\[\]int\); summary counts are flat numeric values`
		"gems":                    st,       // want `summary count "gems" passed to \(\*inv.Recorder\).Record is a struct \(inv.Flat\); summary counts are flat`
		"widgets_local":           "12",     // want `summary count "widgets_local" passed to \(\*inv.Recorder\).Record is a string \(string\); summary counts are flat numeric values`
	})
	r.Record("2", map[string]any{"gears": nil, "gems": p, "widgets_built": true}) // want `summary count "gears" passed to \(\*inv.Recorder\).Record is nil, not a number` `summary count "gems" passed to \(\*inv.Recorder\).Record is a pointer \(\*int\)` `summary count "widgets_built" passed to \(\*inv.Recorder\).Record is a bool \(bool\); summary counts are flat numeric`
	r.Record("3", map[string]any{"gears": struct{ A int }{1}})                    // want `summary count "gears" passed to \(\*inv.Recorder\).Record is a struct;`
	inv.Add(map[string]int64{"gems": 1, name: 2, "gearz": 3})                     // want `dynamic summary key name passed to inv.Add` `unregistered summary key "gearz"; did you mean "gears"\?`
	inv.AddTyped(map[inv.CountKey]any{
		inv.Gems:        map[string]int{}, // want `summary count "gems" passed to inv.AddTyped is a nested map`
		"widgets_built": 1.5,
		"gearss":        2, // want `unregistered summary key "gearss"; did you mean "gears"\?`
		inv.Gears:       v,
	})
}

// A map variable passed to a summary sink: its literal and index
// assignments are checked in its scope.
func Variable(r *inv.Recorder, name string, items []string) {
	counts := map[string]any{"gears": 1, "gemz": 2} // want `unregistered summary key "gemz"; did you mean "gems"\?`
	counts["widgets_built"] = len(items)
	counts[name] = 1         // want `dynamic summary key name passed to \(\*inv.Recorder\).Record`
	counts["errors"] = items // want `unregistered summary key "errors"` `summary count "errors" passed to \(\*inv.Recorder\).Record is a slice`
	var more = map[string]any{}
	more["widgets_total"] = map[string]int{"a": 1} // want `summary count "widgets_total" passed to \(\*inv.Recorder\).Record is a nested map`
	func() {
		counts["widgets_failed"] = "x" // want `summary count "widgets_failed" passed to \(\*inv.Recorder\).Record is a string`
	}()
	r.Record("1", counts)
	r.Record("1", counts) // reported once
	r.Record("2", (more))
}

// A registry whose keys come from the configuration.
func Listed() {
	_ = []thirdparty.Kind{thirdparty.Alpha, "beta", "alhpa"} // want `unregistered summary key "alhpa"; did you mean "alpha"\? use a listed key or add it to the keys of thirdparty.Kind under summary-keys in .runtruth.yml`
	_ = thirdparty.Gamma                                     // want `unregistered summary key "gamma"; use a listed key or add it to the keys of thirdparty.Kind`
}

func Suppressed(k inv.CountKey) {
	take("legacy_key") //runtruth:allow summarykeys rows written before the registry existed, removed in the next release
	//runtruth:allow summarykeys the importer still reads this key once
	take(inv.CountKey(string(k) + "_old"))
	//runtruth:allow summarykeys
	take("legacy_key2") // want `unregistered summary key "legacy_key2"`
	//runtruth:allow runscope a different check's allow suppresses nothing here
	take("legacy_key3") // want `unregistered summary key "legacy_key3"`
}
