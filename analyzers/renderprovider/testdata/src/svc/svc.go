// Package svc is the middle service layer.
package svc

import (
	"context"

	"graph"
	"store"
)

func LoadTenant(ctx context.Context, c *graph.Client) []string {
	return store.FetchUsers(ctx, c)
}

// Service embeds the repository: its methods are promoted.
type Service struct {
	*store.Repo
	jobs chan func()
}

// Enqueue hands work to a job: the func value is passed along, not called.
func (s *Service) Enqueue(job func()) { s.jobs <- job }

func Names[T any](ctx context.Context, c *graph.Client, conv func(string) T) []T {
	return store.LoadAll(ctx, c, conv)
}

// Snapshot reads what a job stored.
func Snapshot(s *Service) []string { return s.Cached() }
