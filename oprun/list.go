package oprun

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ListRequest asks for a page of runs, for an operator screen. Empty
// fields select everything the actor may see.
type ListRequest struct {
	Workspace          string // one of the actor's workspaces
	ManagedEnvironment string
	Type               OperationType
	Status             Status
	Outcome            Outcome
	// CreatedFrom (inclusive) and CreatedBefore (exclusive) bound the
	// creation time.
	CreatedFrom, CreatedBefore time.Time
	// Cursor continues a listing: the Next of the page before.
	Cursor string
	// Limit is the page size: DefaultListLimit when zero, at most
	// MaxListLimit.
	Limit int
}

// Page sizes of List.
const (
	DefaultListLimit = 50
	MaxListLimit     = 500
)

// ErrBadCursor: a List cursor that no List returned.
var ErrBadCursor = errors.New("bad list cursor")

// Page is one page of runs, newest first.
type Page struct {
	Runs []*Run
	// Next is the cursor of the next page, or "" after the last.
	Next string
}

// List returns the runs the actor may see that req selects, newest first,
// a page at a time. An actor sees the runs of its workspaces (and, when it
// has any, only of its managed environments); asking for another
// workspace returns an empty page, as asking for a run the actor may not
// see reports ErrNotFound.
func (s *Service) List(ctx context.Context, actor Actor, req ListRequest) (*Page, error) {
	limit := req.Limit
	switch {
	case limit == 0:
		limit = DefaultListLimit
	case limit < 0 || limit > MaxListLimit:
		return nil, fmt.Errorf("oprun: list runs: limit %d is not within 1 to %d", limit, MaxListLimit)
	}
	f := RunFilter{
		Workspaces:          actor.Workspaces,
		ManagedEnvironments: actor.ManagedEnvironments,
		CreatedFrom:         req.CreatedFrom,
		CreatedBefore:       req.CreatedBefore,
		Limit:               limit + 1, // one more says whether a next page exists
	}
	if actor.ID == "" || len(actor.Workspaces) == 0 {
		return &Page{}, nil
	}
	if req.Workspace != "" {
		if !slices.Contains(actor.Workspaces, req.Workspace) {
			return &Page{}, nil
		}
		f.Workspaces = []string{req.Workspace}
	}
	if req.ManagedEnvironment != "" {
		if len(actor.ManagedEnvironments) > 0 && !slices.Contains(actor.ManagedEnvironments, req.ManagedEnvironment) {
			return &Page{}, nil
		}
		f.ManagedEnvironments = []string{req.ManagedEnvironment}
	}
	if req.Type != "" {
		f.Types = []OperationType{req.Type}
	}
	if req.Status != "" {
		f.Statuses = []Status{req.Status}
	}
	if req.Outcome != "" {
		f.Outcomes = []Outcome{req.Outcome}
	}
	if req.Cursor != "" {
		at, id, err := decodeCursor(req.Cursor)
		if err != nil {
			return nil, fmt.Errorf("oprun: list runs: %w", err)
		}
		f.AfterCreated, f.AfterID = at, id
	}
	runs, err := s.store.ListRuns(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("oprun: list runs: %w", err)
	}
	page := &Page{Runs: runs}
	if len(runs) > limit {
		page.Runs = runs[:limit]
		last := page.Runs[limit-1]
		page.Next = encodeCursor(last.CreatedAt, last.ID)
	}
	return page, nil
}

// A cursor is the creation time (Unix microseconds) and ID of the last run
// of a page, base64url-encoded: opaque to callers.
func encodeCursor(at time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at.UnixMicro(), 10) + "/" + id))
}

func decodeCursor(c string) (time.Time, string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, "", ErrBadCursor
	}
	micros, id, ok := strings.Cut(string(raw), "/")
	n, err := strconv.ParseInt(micros, 10, 64)
	if !ok || err != nil || id == "" {
		return time.Time{}, "", ErrBadCursor
	}
	return time.UnixMicro(n).UTC(), id, nil
}
