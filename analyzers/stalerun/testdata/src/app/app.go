// Package app starts runs on behalf of its programs.
package app

import "runs"

// CreateBackup starts a run.
func CreateBackup(s *runs.Service) *runs.Job { return s.Start("backup") }

// Handler starts runs for requests.
type Handler struct{ S *runs.Service }

// Create starts a run.
func (h *Handler) Create() { h.S.Start("restore") }
