// Package inv declares its own summary-key registry and summary sinks.
package inv

// CountKey names an inventory count.
//
//runtruth:summarykeys
type CountKey string

const (
	WidgetsBuilt  CountKey = "widgets_built"
	WidgetsFailed CountKey = "widgets_failed"
	WidgetsTotal  CountKey = "widgets_total"
	Gears         CountKey = "gears"
	Gems          CountKey = "gems"
)

// Flat is a struct with a numeric field, for value checks.
type Flat struct{ N int }

// Level is a named numeric type.
type Level int

type Recorder struct{}

// Record takes loose counts keyed by string.
//
//runtruth:summary counts
func (r *Recorder) Record(id string, counts map[string]any) {}

// Add takes numeric counts keyed by string.
//
//runtruth:summary counts
func Add(counts map[string]int64) {}

// AddTyped takes counts keyed by the registry type, with loose values.
//
//runtruth:summary counts
func AddTyped(counts map[CountKey]any) {}

// NotASink has the same shape but no directive.
func NotASink(counts map[string]any) {}

// Parse may convert in the registry's own package.
func Parse(s string) CountKey { return CountKey(s) }

// local is a constant of the registry type in its own package: registered.
const local CountKey = "widgets_local"

func own() map[CountKey]int {
	Add(map[string]int64{"widgets_built": 1, "bogus_local": 2})      // want `unregistered summary key "bogus_local"; register it as a constant of CountKey in inv`
	return map[CountKey]int{local: 1, "widgets_built": 2, "gear": 3} // want `unregistered summary key "gear"; did you mean "gears"\? register it as a constant of CountKey in inv`
}
