package main

// Why this file: FerretDB v1.24.2's SQLite backend looks documents up by
// `_id` with the expression `_ferretdb_sjson->'$._id'` (find, update, delete,
// findAndModify), but creates its unique `_id` index on the different
// expression `_ferretdb_sjson->"_id"`. SQLite matches expression indexes by
// their exact expression, so every lookup by `_id` scanned the whole table and
// parsed each row's JSON (measured here: 50% of FerretDB's CPU under the
// gateway bench went to SQLite's jsonTranslateTextToBlob). This adds, beside
// each collection's table, an index on exactly the expression the queries
// use. FerretDB does not know of it (listIndexes does not show it) and does
// not need to: SQLite keeps it, and drops it with the table.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the same SQLite FerretDB embeds
)

type fileState struct {
	size  int64
	mtime time.Time
}

// indexIDs adds the `_id` lookup index to every collection of every database
// in dir, now and then every interval, until ctx ends. A database file is
// looked at again only when it or its write-ahead log changed.
func indexIDs(ctx context.Context, dir string, interval time.Duration, logger *slog.Logger) {
	seen := map[string]fileState{}
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, f := range files {
			st := stateOf(f)
			if prev, ok := seen[f]; ok && prev == st {
				continue
			}
			if err := indexFile(ctx, f); err != nil {
				logger.Warn("id index", "file", f, "err", err)
				continue
			}
			seen[f] = st
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

func stateOf(f string) fileState {
	var st fileState
	for _, p := range []string{f, f + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			st.size += fi.Size()
			if fi.ModTime().After(st.mtime) {
				st.mtime = fi.ModTime()
			}
		}
	}
	return st
}

func indexFile(ctx context.Context, f string) error {
	db, err := sql.Open("sqlite", "file:"+f+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)")
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"__id_lookup", t)
		if _, err := db.ExecContext(ctx, q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return err
		}
	}
	return nil
}
