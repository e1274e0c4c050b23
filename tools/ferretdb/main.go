// Command ferretdb runs FerretDB v1 (a MongoDB wire-protocol server on SQLite)
// for ticketgate's local stack and tests.
//
// Why a wrapper: FerretDB's own cmd/ferretdb panics at start when built from
// the Go module proxy (it expects build/version/version.txt, which only its
// release tooling writes). The embeddable package has no such check.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // served only with -pprof-addr, for profiling under the bench
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("sqlite-dir", "data", "directory for the SQLite databases")
	level := flag.String("log-level", "warn", "debug, info, warn or error")
	version := flag.Bool("version", false, "print the version and exit")
	pprofAddr := flag.String("pprof-addr", "", "serve Go's pprof on this address (loopback only; empty: off)")
	// SQLite's default in WAL mode (FULL) syncs the log to disk on every commit,
	// and FerretDB commits every write command on its own. NORMAL syncs at
	// checkpoints only: a killed server loses nothing; a power cut can lose the
	// last commits (https://www.sqlite.org/pragma.html#pragma_synchronous).
	sync := flag.String("sqlite-sync", "full", "SQLite synchronous mode: full or normal")
	flag.Parse()

	if *version {
		fmt.Println("ferretdb v1.24.2 (embedded, ticketgate wrapper r4)")
		return
	}

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: bad -log-level %q: %v\n", *level, err)
		os.Exit(2)
	}
	if *sync != "full" && *sync != "normal" {
		fmt.Fprintf(os.Stderr, "ferretdb: bad -sqlite-sync %q: full or normal\n", *sync)
		os.Exit(2)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}

	if *pprofAddr != "" {
		go func() { _ = http.ListenAndServe(*pprofAddr, nil) }()
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/?_pragma=synchronous(" + *sync + ")",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go indexIDs(ctx, *dir, 500*time.Millisecond, logger)
	logger.Info("listening", "addr", *listen, "dir", *dir)
	if err := f.Run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}
}
