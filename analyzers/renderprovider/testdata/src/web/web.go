// Package web renders pages from the service layer, two packages above the
// provider calls.
package web

import (
	"context"
	"io"

	"graph"
	"svc"
)

type Home struct {
	s *svc.Service
	c *graph.Client
}

func (h *Home) Render(ctx context.Context, w io.Writer) error {
	_ = svc.LoadTenant(ctx, h.c)                                // want `render path \(\*Home\).Render reaches provider call \(\*graph.Client\).Users via svc.LoadTenant → store.FetchUsers; load it in a job or service before rendering and pass the result in`
	_ = h.s.Tenants(ctx)                                        // want `render path \(\*Home\).Render reaches provider call \(\*graph.Client\).Users via \(\*store.Repo\).Tenants → store.FetchUsers`
	_ = svc.Names(ctx, h.c, func(s string) string { return s }) // want `via svc.Names → store.LoadAll → store.FetchUsers`
	_ = svc.Names[int](ctx, h.c, func(string) int { return 0 }) // want `via svc.Names → store.LoadAll → store.FetchUsers`

	// Silent: reading what a job stored, and enqueueing the remote work.
	_ = svc.Snapshot(h.s)
	_ = h.s.Cached()
	h.s.Enqueue(func() { svc.LoadTenant(ctx, h.c) })
	return nil
}
