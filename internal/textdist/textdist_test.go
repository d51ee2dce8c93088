package textdist

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"directwrite", "directwrite", 0},
		{"dupetruht", "dupetruth", 1}, // a transposition
		{"runsecret", "runsecrets", 1},
		{"items_totl", "items_total", 1},
		{"renderprovider", "runscope", 10},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"include-tests", "runs", "render", "rendercall"}
	for s, want := range map[string]string{
		"include-test": "include-tests",
		"rnder":        "render",
		"runs":         "runs",
		"xyz":          "",
		"ru":           "", // two edits of a two-letter word are no misspelling
	} {
		if got := Closest(s, names); got != want {
			t.Errorf("Closest(%q) = %q, want %q", s, got, want)
		}
	}
}
