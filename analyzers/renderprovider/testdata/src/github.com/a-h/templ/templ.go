// Package templ stands in for github.com/a-h/templ.
package templ

import (
	"context"
	"io"
)

type Component interface {
	Render(ctx context.Context, w io.Writer) error
}
