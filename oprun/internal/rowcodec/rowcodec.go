// Package rowcodec holds what the SQL stores of oprun share: the JSON
// encodings of a run's context, its summary counts and outbox
// notifications, the merging of summary deltas, and the classification of
// a compare-and-set that changed nothing, list filters' arguments, and
// reading rows.
package rowcodec

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/runtruth/runtruth/oprun"
)

// contextValue is one value of a run's context with its type, so that an
// integer reads back as an int64 and a float as a float64: plain JSON
// would read both back as float64. Exactly one field is set.
type contextValue struct {
	String *string  `json:"string,omitempty"`
	Bool   *bool    `json:"bool,omitempty"`
	Int    *int64   `json:"int,omitempty"`
	Float  *float64 `json:"float,omitempty"`
}

// EncodeContext encodes c as a JSON object whose values carry their type,
// for example {"dry_run":{"bool":true},"mailboxes":{"int":12}}. Values must
// be string, bool, int64 or float64, as the Service stores them.
func EncodeContext(c oprun.Context) (string, error) {
	m := make(map[string]contextValue, len(c))
	for k, v := range c {
		var cv contextValue
		switch v := v.(type) {
		case string:
			cv.String = &v
		case bool:
			cv.Bool = &v
		case int64:
			cv.Int = &v
		case float64:
			cv.Float = &v
		default:
			return "", fmt.Errorf("encode run context: key %q: value of type %T is not a string, bool, int64 or float64", k, v)
		}
		m[k] = cv
	}
	data, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode run context: %w", err)
	}
	return string(data), nil
}

// DecodeContext decodes a context encoded by [EncodeContext]. An empty
// context decodes as nil.
func DecodeContext(data []byte) (oprun.Context, error) {
	var m map[string]contextValue
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("decode run context: %w", err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	c := make(oprun.Context, len(m))
	for k, cv := range m {
		switch {
		case cv.String != nil && cv.Bool == nil && cv.Int == nil && cv.Float == nil:
			c[k] = *cv.String
		case cv.Bool != nil && cv.String == nil && cv.Int == nil && cv.Float == nil:
			c[k] = *cv.Bool
		case cv.Int != nil && cv.String == nil && cv.Bool == nil && cv.Float == nil:
			c[k] = *cv.Int
		case cv.Float != nil && cv.String == nil && cv.Bool == nil && cv.Int == nil:
			c[k] = *cv.Float
		default:
			return nil, fmt.Errorf("decode run context: key %q: want exactly one of string, bool, int and float", k)
		}
	}
	return c, nil
}

// EncodeSummary encodes summary counts as a JSON object of integers.
func EncodeSummary(s map[oprun.SummaryKey]int64) (string, error) {
	if len(s) == 0 {
		return "{}", nil
	}
	data, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("encode run summary: %w", err)
	}
	return string(data), nil
}

// DecodeSummary decodes summary counts encoded by [EncodeSummary]. Empty
// counts decode as nil.
func DecodeSummary(data []byte) (map[oprun.SummaryKey]int64, error) {
	var s map[oprun.SummaryKey]int64
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("decode run summary: %w", err)
	}
	if len(s) == 0 {
		return nil, nil
	}
	return s, nil
}

// EncodeNotification encodes an outbox notification as JSON.
func EncodeNotification(n oprun.Notification) (string, error) {
	data, err := json.Marshal(n)
	if err != nil {
		return "", fmt.Errorf("encode notification %q: %w", n.IdempotencyKey, err)
	}
	return string(data), nil
}

// DecodeNotification decodes a notification encoded by
// [EncodeNotification]; unknown fields are an error, so that a payload
// written by a newer version is not silently truncated.
func DecodeNotification(data []byte) (oprun.Notification, error) {
	var n, zero oprun.Notification
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&n); err != nil {
		return zero, fmt.Errorf("decode notification: %w", err)
	}
	return n, nil
}

// UniqueNotifications returns ns without the notifications whose
// idempotency key an earlier one has: enqueueing is idempotent by key.
func UniqueNotifications(ns []oprun.Notification) []oprun.Notification {
	seen := make(map[string]bool, len(ns))
	out := make([]oprun.Notification, 0, len(ns))
	for _, n := range ns {
		if !seen[n.IdempotencyKey] {
			seen[n.IdempotencyKey] = true
			out = append(out, n)
		}
	}
	return out
}

// MergeDeltas sums deltas by key and returns them sorted by key. A sum
// that overflows int64 is reported with [oprun.ErrInvalidDelta].
func MergeDeltas(deltas []oprun.SummaryDelta) ([]oprun.SummaryDelta, error) {
	sums := make(map[oprun.SummaryKey]int64, len(deltas))
	for _, d := range deltas {
		sum, err := add(sums[d.Key], d.Delta)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Key, err)
		}
		sums[d.Key] = sum
	}
	out := make([]oprun.SummaryDelta, 0, len(sums))
	for k, d := range sums {
		out = append(out, oprun.SummaryDelta{Key: k, Delta: d})
	}
	slices.SortFunc(out, func(a, b oprun.SummaryDelta) int { return cmp.Compare(a.Key, b.Key) })
	return out, nil
}

// ApplyDeltas adds deltas to summary, all or nothing: a count that would
// overflow int64 is reported with [oprun.ErrInvalidDelta] and leaves
// summary as it was. It returns the new counts; summary may be nil.
func ApplyDeltas(summary map[oprun.SummaryKey]int64, deltas []oprun.SummaryDelta) (map[oprun.SummaryKey]int64, error) {
	out := make(map[oprun.SummaryKey]int64, len(summary)+len(deltas))
	maps.Copy(out, summary)
	for _, d := range deltas {
		sum, err := add(out[d.Key], d.Delta)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Key, err)
		}
		out[d.Key] = sum
	}
	return out, nil
}

func add(a, b int64) (int64, error) {
	if b > 0 && a > math.MaxInt64-b || b < 0 && a < math.MinInt64-b {
		return 0, fmt.Errorf("%d + %d overflows: %w", a, b, oprun.ErrInvalidDelta)
	}
	return a + b, nil
}

// CASMiss classifies a compare-and-set of next that changed nothing,
// given what a re-read found: the run's status and version, or found
// false when there is no such run. It returns an error wrapping
// [oprun.ErrNotFound], a [*oprun.TransitionError] out of the completed
// status (matching [oprun.ErrRunCompleted] and [oprun.ErrIllegalTransition])
// or a [*oprun.ConflictError].
func CASMiss(next *oprun.Run, expectStatus oprun.Status, expectVersion int64, found bool, status oprun.Status, version int64) error {
	switch {
	case !found:
		return fmt.Errorf("run %q: %w", next.ID, oprun.ErrNotFound)
	case status == oprun.StatusCompleted:
		return fmt.Errorf("run %q: %w", next.ID, &oprun.TransitionError{From: status, To: next.Status, Outcome: next.Outcome})
	}
	return &oprun.ConflictError{
		RunID:         next.ID,
		ExpectStatus:  expectStatus,
		ExpectVersion: expectVersion,
		Status:        status,
		Version:       version,
	}
}

// Strings returns the strings of a list of string-typed values (statuses,
// outcomes, operation types), for a list filter's query arguments.
func Strings[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

// Rows is the part of *sql.Rows and pgx.Rows that Collect reads.
type Rows interface {
	Next() bool
	Err() error
}

// Collect reads the rest of rows, one value a row with scan, which reads
// the current row; it returns nil for no rows. It stops at the first
// error of scan or of rows. The caller closes rows.
func Collect[T any](rows Rows, scan func() (T, error)) ([]T, error) {
	var out []T
	for rows.Next() {
		v, err := scan()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
