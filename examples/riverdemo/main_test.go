package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

// TestDemo: a POST starts a backup once however often it is asked, its
// job completes it, and GET /runs shows it.
func TestDemo(t *testing.T) {
	ctx := t.Context()
	a, err := open(ctx, filepath.Join(t.TempDir(), "riverdemo.db"))
	require.NoError(t, err)
	t.Cleanup(func() { a.db.Close() })
	require.NoError(t, a.river.Start(ctx))
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, a.river.Stop(stop))
	})
	srv := httptest.NewServer(a.routes())
	t.Cleanup(srv.Close)

	post := func(query string) (int, *oprun.Run) {
		t.Helper()
		res, err := http.Post(srv.URL+"/backups"+query, "", nil)
		require.NoError(t, err)
		defer res.Body.Close()
		var run oprun.Run
		if res.StatusCode < 300 {
			require.NoError(t, json.NewDecoder(res.Body).Decode(&run))
		}
		return res.StatusCode, &run
	}
	code, first := post("?mailbox=alice")
	require.Equal(t, http.StatusAccepted, code)
	code, again := post("?mailbox=alice")
	assert.Equal(t, http.StatusOK, code, "the active backup, not a second one")
	assert.Equal(t, first.ID, again.ID)
	code, _ = post("")
	assert.Equal(t, http.StatusBadRequest, code)

	require.Eventually(t, func() bool {
		res, err := http.Get(srv.URL + "/runs")
		require.NoError(t, err)
		defer res.Body.Close()
		var page oprun.Page
		require.NoError(t, json.NewDecoder(res.Body).Decode(&page))
		return len(page.Runs) == 1 && page.Runs[0].Outcome == oprun.OutcomeSucceeded &&
			page.Runs[0].Summary[oprun.SummaryItemsTotal] == 3
	}, 30*time.Second, 20*time.Millisecond, "the backup never completed with its three items")
}
