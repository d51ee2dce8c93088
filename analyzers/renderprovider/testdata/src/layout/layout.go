// Package layout renders pages for other packages; it is no render
// package itself.
package layout

import "io"

// Page renders the page layout around data.
//
//runtruth:rendercall
func Page(w io.Writer, data any) error { return nil }

// Fragment is not declared a render call.
func Fragment(w io.Writer, data any) error { return nil }
