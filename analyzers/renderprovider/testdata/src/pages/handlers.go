package pages

import (
	"context"
	"net/http"

	"graph"
)

// Board is declared a render entry point; the handler it returns is
// what runs while the page renders.
//
//runtruth:render
func Board(c *graph.Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = c.Users(r.Context()) // want `render path Board.func1 makes provider call \(\*graph.Client\).Users`
	}
}

// Routes registers handlers: each is a render path of its own.
//
//runtruth:render
func Routes(mux *http.ServeMux, c *graph.Client, schedule func(func())) {
	mux.Handle("/a", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = c.Users(r.Context()) // want `render path Routes.func1 makes provider call`
	}))
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) {
		_, _ = c.Users(r.Context()) // want `render path Routes.func2 makes provider call`
	})
	// Silent: a func literal handed to a scheduler is no handler.
	schedule(func() { _, _ = c.Users(context.Background()) })
}

// Plain is not declared: the handler it returns is no render path (the
// package is not a configured render package).
func Plain(c *graph.Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = c.Users(r.Context())
	}
}
