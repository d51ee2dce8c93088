package sqlwrite

import (
	"fmt"
	"strings"
	"testing"
)

// format renders writes as "update jobs(status,reason); insert jobs(*)".
func format(ws []Write) string {
	var parts []string
	for _, w := range ws {
		k := "update"
		if w.Insert {
			k = "insert"
		}
		cols := strings.Join(w.Columns, ",")
		if w.AllColumns {
			cols = "*"
		}
		parts = append(parts, fmt.Sprintf("%s %s(%s)", k, w.Table, cols))
	}
	return strings.Join(parts, "; ")
}

// TestWrites is the table of statements, writes and near misses, in
// PostgreSQL, MySQL and SQLite syntax.
func TestWrites(t *testing.T) {
	for _, tc := range []struct{ sql, want string }{
		// UPDATE
		{`UPDATE jobs SET status = $1 WHERE id = $2`, "update jobs(status)"},
		{`update jobs set status=? where id=?`, "update jobs(status)"},
		{`Update Jobs Set Status = 'failed'`, "update jobs(status)"},
		{`UPDATE "jobs" SET "status" = $1`, "update jobs(status)"},
		{"UPDATE `jobs` SET `status` = ?", "update jobs(status)"},
		{`UPDATE [jobs] SET [status] = @p1`, "update jobs(status)"},
		{`UPDATE public.jobs SET status = $1`, "update jobs(status)"},
		{`UPDATE "public"."jobs" SET "status" = $1`, "update jobs(status)"},
		{"UPDATE `app`.`jobs` SET `status` = ?", "update jobs(status)"},
		{`UPDATE jobs j SET status = $1 WHERE j.id = $2`, "update jobs(status)"},
		{`UPDATE jobs AS j SET j.status = $1`, "update jobs(status)"},
		{`UPDATE ONLY jobs SET status = $1`, "update jobs(status)"},
		{`UPDATE LOW_PRIORITY IGNORE jobs SET status = ?`, "update jobs(status)"},
		{`UPDATE OR REPLACE jobs SET status = ?`, "update jobs(status)"},
		{`UPDATE jobs SET updated_at = now(), status = $1, attempts = attempts + 1`, "update jobs(updated_at,status,attempts)"},
		{`UPDATE jobs SET (status, reason) = ($1, $2) WHERE id = $3`, "update jobs(status,reason)"},
		{`UPDATE jobs SET status = CASE WHEN a > 0 THEN 'x' ELSE 'y' END, reason = $1`, "update jobs(status,reason)"},
		{`UPDATE jobs SET reason = coalesce($1, reason), status = $2`, "update jobs(reason,status)"},
		{`UPDATE jobs SET status = $1 FROM runs WHERE runs.id = jobs.run_id`, "update jobs(status)"},
		{`UPDATE jobs SET status = $1 RETURNING id, status`, "update jobs(status)"},
		{`UPDATE jobs SET status = ? ORDER BY id LIMIT 1`, "update jobs(status)"},
		{"UPDATE jobs\n\tSET status = $1\n\tWHERE id = $2", "update jobs(status)"},
		{`-- mark failed
UPDATE jobs SET status = 'failed'`, "update jobs(status)"},
		{`/* mark failed */ UPDATE jobs SET status = 'failed'`, "update jobs(status)"},
		{`# mysql comment
UPDATE jobs SET status = 'failed'`, "update jobs(status)"},
		{`WITH stale AS (SELECT id FROM jobs WHERE heartbeat < now() - interval '5 minutes') UPDATE jobs SET status = 'failed' WHERE id IN (SELECT id FROM stale)`, "update jobs(status)"},
		{`WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t) UPDATE jobs SET status = 'x'`, "update jobs(status)"},
		{`WITH a AS (SELECT 1), b AS MATERIALIZED (SELECT 2) UPDATE jobs SET status = 'x'`, "update jobs(status)"},
		{`UPDATE jobs SET status = 'a;b' WHERE id = 1; UPDATE runs SET outcome = 'ok'`, "update jobs(status); update runs(outcome)"},
		{`UPDATE jobs SET note = 'it''s done', status = $1`, "update jobs(note,status)"},
		{`UPDATE jobs SET note = 'a \' b', status = ?`, "update jobs(note,status)"},
		{`UPDATE jobs SET note = $$ status = 'x' $$, status = $1`, "update jobs(note,status)"},
		{`UPDATE jobs SET note = $tag$ ; UPDATE runs SET outcome = 1 $tag$`, "update jobs(note)"},
		// INSERT, REPLACE, upserts
		{`INSERT INTO jobs (id, status) VALUES ($1, $2)`, "insert jobs(id,status)"},
		{`insert into jobs(id,status) values(?,?)`, "insert jobs(id,status)"},
		{`INSERT INTO "public"."jobs" ("id", "status") VALUES ($1, $2)`, "insert jobs(id,status)"},
		{"INSERT INTO `jobs` (`id`, `status`) VALUES (?, ?)", "insert jobs(id,status)"},
		{`INSERT INTO jobs VALUES ($1, $2, $3)`, "insert jobs(*)"},
		{`INSERT INTO jobs SELECT * FROM jobs_archive`, "insert jobs(*)"},
		{`INSERT INTO jobs DEFAULT VALUES`, "insert jobs(*)"},
		{`INSERT INTO jobs AS j (id, status) VALUES ($1, $2)`, "insert jobs(id,status)"},
		{`INSERT INTO jobs SET id = ?, status = ?`, "insert jobs(id,status)"},
		{`INSERT IGNORE INTO jobs (id, status) VALUES (?, ?)`, "insert jobs(id,status)"},
		{`INSERT OR REPLACE INTO jobs (id, status) VALUES (?, ?)`, "insert jobs(id,status)"},
		{`INSERT OR IGNORE INTO jobs (id) VALUES (?)`, "insert jobs(id)"},
		{`REPLACE INTO jobs (id, status) VALUES (?, ?)`, "insert jobs(id,status)"},
		{`INSERT INTO jobs (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET status = excluded.status`, "insert jobs(id); update jobs(status)"},
		{`INSERT INTO jobs (id) VALUES ($1) ON CONFLICT ON CONSTRAINT jobs_pkey DO UPDATE SET status = $2, reason = $3`, "insert jobs(id); update jobs(status,reason)"},
		{`INSERT INTO jobs (id) VALUES ($1) ON CONFLICT DO NOTHING`, "insert jobs(id)"},
		{`INSERT INTO jobs (id) VALUES (?) ON DUPLICATE KEY UPDATE status = VALUES(status)`, "insert jobs(id); update jobs(status)"},
		{`WITH x AS (SELECT 1) INSERT INTO jobs (id, status) SELECT id, 'queued' FROM x`, "insert jobs(id,status)"},
		// Reads, deletes, DDL and SQL in strings or comments: no write.
		{`SELECT status FROM jobs WHERE status = 'running'`, ""},
		{`SELECT * FROM jobs WHERE id IN (SELECT job_id FROM runs)`, ""},
		{`DELETE FROM jobs WHERE status = 'failed'`, ""},
		{`CREATE TABLE jobs (id int, status text)`, ""},
		{`ALTER TABLE jobs ADD COLUMN status text`, ""},
		{`CREATE TRIGGER t AFTER UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION f()`, ""},
		{`SELECT 'UPDATE jobs SET status = 1'`, ""},
		{`-- UPDATE jobs SET status = 1
SELECT 1`, ""},
		{`/* UPDATE jobs SET status = 1 */ SELECT 1`, ""},
		{`SELECT $$UPDATE jobs SET status = 1$$`, ""},
		{`EXPLAIN SELECT status FROM jobs`, ""},
		{`status = 'failed'`, ""},
		{`UPDATE`, ""},
		{`UPDATE jobs`, ""},
		{`UPDATE jobs SET`, "update jobs()"},
		{`INSERT INTO`, ""},
		{`/* unterminated UPDATE jobs SET status = 1`, ""},
		{`'unterminated UPDATE jobs SET status = 1`, ""},
		{``, ""},
	} {
		if got := format(Writes(tc.sql)); got != tc.want {
			t.Errorf("Writes(%q) = %q, want %q", tc.sql, got, tc.want)
		}
	}
}

// FuzzWrites checks that no input makes Writes panic or loop, and that
// what it returns is well formed.
func FuzzWrites(f *testing.F) {
	for _, s := range []string{
		`UPDATE jobs SET status = $1 WHERE id = $2`,
		`INSERT INTO jobs (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET status = excluded.status`,
		`WITH a AS (SELECT 1) UPDATE "x"."y" SET "z" = 'it''s' -- c`,
		"UPDATE `a` SET [b] = $t$ x $t$; /* */ REPLACE INTO c VALUES (1)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		for _, w := range Writes(sql) {
			if w.Table == "" {
				t.Errorf("Writes(%q): a write without a table: %+v", sql, w)
			}
			if w.AllColumns && len(w.Columns) > 0 {
				t.Errorf("Writes(%q): all columns and a column list: %+v", sql, w)
			}
		}
	})
}
