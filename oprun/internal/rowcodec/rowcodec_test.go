package rowcodec

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

func TestContextRoundTrip(t *testing.T) {
	for _, c := range []oprun.Context{
		nil,
		{"mailboxes": int64(12), "ratio": 0.25, "whole": 1.0, "dry_run": false, "region": "westeurope"},
		{"max": int64(math.MaxInt64), "min": int64(math.MinInt64), "tiny": math.SmallestNonzeroFloat64, "huge": math.MaxFloat64},
		{"html": `<a href="x">&amp;</a>`, "unicode": "größe ✓", "empty": ""},
	} {
		data, err := EncodeContext(c)
		require.NoError(t, err)
		got, err := DecodeContext([]byte(data))
		require.NoError(t, err)
		assert.Equal(t, c, got, "through %s", data)
	}
}

func TestEncodeContextRefusesOtherTypes(t *testing.T) {
	_, err := EncodeContext(oprun.Context{"n": 3}) // int, not int64: the Service normalizes
	assert.ErrorContains(t, err, `key "n"`)
}

func TestDecodeContextRefusesAmbiguousValues(t *testing.T) {
	for _, data := range []string{
		`{"k":{}}`,
		`{"k":{"int":1,"float":1}}`,
		`{"k":{"int":1.5}}`,
		`{"k":12}`,
		`[]`,
	} {
		_, err := DecodeContext([]byte(data))
		assert.Error(t, err, data)
	}
}

func TestSummaryRoundTrip(t *testing.T) {
	s := map[oprun.SummaryKey]int64{oprun.SummaryBytesTransferred: math.MaxInt64, oprun.SummaryItemsFailed: 0}
	data, err := EncodeSummary(s)
	require.NoError(t, err)
	got, err := DecodeSummary([]byte(data))
	require.NoError(t, err)
	assert.Equal(t, s, got)

	data, err = EncodeSummary(nil)
	require.NoError(t, err)
	assert.Equal(t, "{}", data)
	got, err = DecodeSummary([]byte(data))
	require.NoError(t, err)
	assert.Nil(t, got)
}

func TestNotificationRoundTrip(t *testing.T) {
	var n oprun.Notification
	n.RunID, n.Workspace, n.Type, n.Outcome = "r1", "ws-1", "sync", oprun.OutcomeFailed
	n.ReasonCode, n.Message, n.Link, n.IdempotencyKey = oprun.ReasonTimeout, "took <too> long & more", oprun.RunLink("", "r1"), "r1:completed"
	data, err := EncodeNotification(n)
	require.NoError(t, err)
	got, err := DecodeNotification([]byte(data))
	require.NoError(t, err)
	assert.Equal(t, n, got)

	_, err = DecodeNotification([]byte(`{"run_id":"r1","surprise":true}`))
	assert.Error(t, err, "unknown fields are refused")
}

func TestUniqueNotifications(t *testing.T) {
	var a, b, c oprun.Notification
	a.IdempotencyKey, a.RunID = "k1", "r1"
	b.IdempotencyKey, b.RunID = "k1", "r2"
	c.IdempotencyKey, c.RunID = "k2", "r3"
	assert.Equal(t, []oprun.Notification{a, c}, UniqueNotifications([]oprun.Notification{a, b, c}))
}

func TestMergeDeltas(t *testing.T) {
	got, err := MergeDeltas([]oprun.SummaryDelta{
		{Key: oprun.SummaryItemsTotal, Delta: 2},
		{Key: oprun.SummaryItemsFailed, Delta: 1},
		{Key: oprun.SummaryItemsTotal, Delta: 3},
	})
	require.NoError(t, err)
	assert.Equal(t, []oprun.SummaryDelta{{Key: oprun.SummaryItemsFailed, Delta: 1}, {Key: oprun.SummaryItemsTotal, Delta: 5}}, got)

	_, err = MergeDeltas([]oprun.SummaryDelta{{Key: oprun.SummaryItemsTotal, Delta: math.MaxInt64}, {Key: oprun.SummaryItemsTotal, Delta: 1}})
	assert.ErrorIs(t, err, oprun.ErrInvalidDelta)
}

func TestApplyDeltasIsAllOrNothing(t *testing.T) {
	summary := map[oprun.SummaryKey]int64{oprun.SummaryItemsTotal: math.MaxInt64 - 1}
	_, err := ApplyDeltas(summary, []oprun.SummaryDelta{{Key: oprun.SummaryItemsFailed, Delta: 1}, {Key: oprun.SummaryItemsTotal, Delta: 2}})
	assert.ErrorIs(t, err, oprun.ErrInvalidDelta)
	assert.Equal(t, map[oprun.SummaryKey]int64{oprun.SummaryItemsTotal: math.MaxInt64 - 1}, summary)

	got, err := ApplyDeltas(nil, []oprun.SummaryDelta{{Key: oprun.SummaryItemsFailed, Delta: -1}})
	require.NoError(t, err)
	assert.Equal(t, map[oprun.SummaryKey]int64{oprun.SummaryItemsFailed: -1}, got)
	_, err = ApplyDeltas(map[oprun.SummaryKey]int64{oprun.SummaryItemsFailed: math.MinInt64}, []oprun.SummaryDelta{{Key: oprun.SummaryItemsFailed, Delta: -1}})
	assert.ErrorIs(t, err, oprun.ErrInvalidDelta)
}

func TestCASMiss(t *testing.T) {
	next := &oprun.Run{ID: "r1", Status: oprun.StatusCompleted, Outcome: oprun.OutcomeFailed}
	assert.ErrorIs(t, CASMiss(next, oprun.StatusRunning, 3, false, "", 0), oprun.ErrNotFound)

	err := CASMiss(next, oprun.StatusRunning, 3, true, oprun.StatusCompleted, 4)
	assert.ErrorIs(t, err, oprun.ErrRunCompleted)
	assert.ErrorIs(t, err, oprun.ErrIllegalTransition)
	assert.NotErrorIs(t, err, oprun.ErrConflict)

	err = CASMiss(next, oprun.StatusRunning, 3, true, oprun.StatusRunning, 5)
	assert.ErrorIs(t, err, oprun.ErrConflict)
	assert.EqualError(t, err, `run "r1" is running at version 5, expected running at version 3: run changed concurrently`)
}

// fakeRows yields n rows, then err.
type fakeRows struct {
	n, at int
	err   error
}

func (r *fakeRows) Next() bool { r.at++; return r.at <= r.n }
func (r *fakeRows) Err() error { return r.err }

func TestCollect(t *testing.T) {
	rows := &fakeRows{n: 3}
	got, err := Collect(rows, func() (int, error) { return rows.at * 10, nil })
	require.NoError(t, err)
	assert.Equal(t, []int{10, 20, 30}, got)

	got, err = Collect(&fakeRows{}, func() (int, error) { return 0, nil })
	require.NoError(t, err)
	assert.Nil(t, got, "no rows: nil")

	bad := errors.New("bad row")
	rows = &fakeRows{n: 3}
	got, err = Collect(rows, func() (int, error) {
		if rows.at == 2 {
			return 0, bad
		}
		return rows.at, nil
	})
	assert.ErrorIs(t, err, bad)
	assert.Nil(t, got)

	broken := errors.New("connection lost")
	got, err = Collect(&fakeRows{n: 1, err: broken}, func() (int, error) { return 1, nil })
	assert.ErrorIs(t, err, broken)
	assert.Nil(t, got)
}
