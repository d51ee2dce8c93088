// Package weird holds unusual but valid Go that every check must survive.
package weird

import (
	"context"
	"fmt"
	"io"
	"unsafe"
)

type Status string

// Run is generic and embeds an interface.
//
//runtruth:run sinks=Note
type Run[T any, P interface{ ~*T }] struct {
	fmt.Stringer
	Status  Status
	Outcome string
	Note    string
	Payload P
	_       [0]func()
}

type Alias = Run[int, *int]

type Tree struct {
	Left, Right *Tree
	Runs        map[Status][]Alias
	Ch          chan<- Status
}

var global = func() int { return 1 }()

var _ = unsafe.Sizeof(Tree{})

func (r *Run[T, P]) Set(s Status) { r.Status = s }

func Recursive(n int) int {
	if n <= 0 {
		return 0
	}
	return Recursive(n-1) + global
}

func Closures(ctx context.Context, w io.Writer) error {
	f := func(g func() error) error { return g() }
	var h func() error
	h = func() error { return f(h) }
	defer func() { _ = recover() }()
	go func() {}()
	_ = h
	_, err := fmt.Fprintf(w, "%v", ctx)
	return err
}

func Labels(xs []int) (n int) {
outer:
	for i := range xs {
		switch {
		case i > 3:
			break outer
		default:
			goto next
		}
	next:
		n++
	}
	return
}

func Methods(r *Alias) func(Status) {
	return r.Set
}

type Iface interface {
	Render(context.Context, io.Writer) error
	~int | ~string
}

func Generic[S ~string, M ~map[S]int](m M, k S) int { return m[k] }

func Blank() {
	var _, _ = 1, 2
	_ = struct{ Status Status }{"x"}
	_ = []struct{ Workspace string }{{}}
	var r Alias
	_ = r.Status
}
