package oprun

import "context"

type Context map[string]any

type Service struct{}

// UpdateContext merges kv into a run's context.
//
//runtruth:sink kv
func (s *Service) UpdateContext(ctx context.Context, id string, kv Context) error { return nil }

// Redact redacts.
//
//runtruth:sanitizer
func Redact(s string) string { return "[REDACTED]" }
