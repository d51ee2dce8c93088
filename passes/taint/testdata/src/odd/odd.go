package odd // want package:"analyzed\\(\\d+\\)"

import (
	"context"
	"iter"
	"maps"
	"slices"
	"sync"
	"unsafe"
)

type Number interface{ ~int | ~float64 }

func Sum[N Number](xs ...N) N { // want Sum:"taint\\(r0<-p0\\)"
	var s N
	for _, x := range xs {
		s += x
	}
	return s
}

type List[T any] struct {
	items []T
	mu    sync.Mutex
}

func (l *List[T]) Push(v T) { // want Push:"taint\\(w0.0<-p1\\+p0.0\\)"
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items = append(l.items, v)
}

func (l *List[T]) All() iter.Seq[T] { // want All:"taint\\(r0<-p0\\)"
	return func(yield func(T) bool) {
		for _, v := range l.items {
			if !yield(v) {
				return
			}
		}
	}
}

func Collect(l *List[string]) []string { // want Collect:"taint\\(r0<-p0 w0.0<-p0.0\\)"
	var out []string
	for v := range l.All() {
		out = append(out, v)
	}
	push := l.Push
	push("x")
	return out
}

type node struct {
	next *node
	val  string
}

func Walk(n *node) string { // want Walk:"taint\\(r0<-p0\\)"
	s := ""
outer:
	for n != nil {
		switch {
		case n.val == "":
			n = n.next
			continue outer
		case len(n.val) > 10:
			break outer
		}
		s += n.val
		n = n.next
	}
	if s == "" {
		goto done
	}
	s += "!"
done:
	return s
}

func Select(ctx context.Context, a, b chan string) string { // want Select:"taint\\(r0<-p1\\+p2\\)"
	select {
	case v := <-a:
		return v
	case v, ok := <-b:
		if ok {
			return v
		}
	case <-ctx.Done():
	}
	return ""
}

func Unsafe(s string) uintptr { return uintptr(unsafe.Pointer(unsafe.StringData(s))) }

func Keys(m map[string]int) []string { // want Keys:"taint\\(r0<-p0\\)"
	return slices.Sorted(maps.Keys(m))
}

type embedded struct{ secret string }

type outer struct {
	embedded
	n int
}

func Promoted(o outer) string { return o.secret } // want Promoted:"taint\\(r0<-p0\\+secret field embedded.secret\\)"

func Recurse(n int) func() int {
	var f func() int
	f = func() int {
		if n == 0 {
			return 0
		}
		n--
		return f()
	}
	return f
}

func Panics(v any) string { // want Panics:"taint\\(r0<-p0\\)"
	defer func() { _ = recover() }()
	return v.(string)
}
