// Package textdist measures how far apart two names are, for the "did you
// mean" of runtruth's messages.
package textdist

// Distance returns the optimal string alignment distance between a and b,
// in runes: the edit distance that also counts a transposition of two
// adjacent runes as one edit.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(ra)][len(rb)]
}

// Closest returns the name of names nearest to s when s is likely a
// misspelling of it (at most two edits away, and fewer than half of s),
// or "".
func Closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := Distance(s, n); d < bestD && 2*d < len([]rune(s)) {
			best, bestD = n, d
		}
	}
	return best
}
