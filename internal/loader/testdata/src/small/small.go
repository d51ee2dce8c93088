// Package small imports a few packages of the standard library.
package small

import (
	"os"
	"strconv"
	"strings"
)

// Join parses and joins.
func Join(args []string) (string, error) {
	var out []string
	for _, a := range args {
		n, err := strconv.Atoi(a)
		if err != nil {
			return "", err
		}
		out = append(out, strconv.Itoa(2*n))
	}
	return strings.Join(out, ","), nil
}

// Quit never returns.
func Quit() { os.Exit(1) }
