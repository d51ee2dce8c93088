package pgstore_test

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/runtruth/runtruth/oprun/pgstore"
)

// urlEnv names the environment variable with the URL of the PostgreSQL
// database the tests use. Without it they skip.
const urlEnv = "RUNTRUTH_PG_URL"

// schemaEnv passes the schema of a test to a re-executed test binary.
const schemaEnv = "OPRUN_PGSTORE_SCHEMA"

func databaseURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv(urlEnv)
	if url == "" {
		tb.Skipf("%s is not set: skipping the PostgreSQL tests (.ci/run starts a server and sets it)", urlEnv)
	}
	return url
}

// newSchema creates an empty schema for one test and drops it when the
// test ends.
func newSchema(tb testing.TB) string {
	tb.Helper()
	url := databaseURL(tb)
	schema := "oprun_test_" + strings.ToLower(rand.Text()[:12])
	conn, err := pgx.Connect(tb.Context(), url)
	if err != nil {
		tb.Fatalf("connect to %s: %v", urlEnv, err)
	}
	defer closeConn(tb, conn)
	if _, err := conn.Exec(tb.Context(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			tb.Errorf("connect to drop schema %s: %v", schema, err)
			return
		}
		defer closeConn(tb, conn)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

func closeConn(tb testing.TB, conn *pgx.Conn) {
	if err := conn.Close(context.Background()); err != nil {
		tb.Errorf("close connection: %v", err)
	}
}

// newPool returns a pool of at most maxConns connections whose
// search_path is schema, closed when the test ends.
func newPool(tb testing.TB, schema string, maxConns int32) *pgxpool.Pool {
	tb.Helper()
	cfg, err := pgxpool.ParseConfig(databaseURL(tb))
	if err != nil {
		tb.Fatalf("parse %s: %v", urlEnv, err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.MaxConns = maxConns
	pool, err := pgxpool.NewWithConfig(tb.Context(), cfg)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	tb.Cleanup(pool.Close)
	return pool
}

// newStore returns a Store on a migrated schema of its own.
func newStore(tb testing.TB) (*pgstore.Store, *pgxpool.Pool) {
	tb.Helper()
	pool := newPool(tb, newSchema(tb), 8)
	if err := pgstore.Migrate(tb.Context(), pool); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return openStore(tb, pool), pool
}

func openStore(tb testing.TB, pool *pgxpool.Pool) *pgstore.Store {
	tb.Helper()
	s, err := pgstore.New(tb.Context(), pool)
	if err != nil {
		tb.Fatalf("new store: %v", err)
	}
	return s
}
