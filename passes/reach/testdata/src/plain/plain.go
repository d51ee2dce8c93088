// Package plain depends on no provider: it is skipped and gets no fact.
package plain

import "strings"

func Upper(s string) string { return strings.ToUpper(s) }
