// Command livesites runs the live probe's test sites (see package livetest)
// until it is interrupted or (unless -stdin=false) its standard input closes, for scripts that
// point other tools at them (scripts/observatory-compare). It prints one
// JSON object describing the sites, then a line "ready".
//
//	go run ./internal/probe/livetest/livesites [-dir DIR] [VARIANT...]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/deploycheck/deploycheck/internal/probe/livetest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "livesites:", err)
		os.Exit(1)
	}
}

func run() error {
	dir := flag.String("dir", "", "working directory (default: a new temporary one, removed at the end)")
	stdin := flag.Bool("stdin", true, "also stop when standard input closes (else only on SIGINT or SIGTERM)")
	flag.Parse()
	srv, err := livetest.FromEnv()
	if err != nil {
		return err
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "deploycheck-livesites-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	st, err := livetest.Start(context.Background(), *dir, srv, flag.Args()...)
	if err != nil {
		return err
	}
	defer st.Stop()
	type siteJSON struct {
		Host      string   `json:"host"`
		Names     []string `json:"names"`
		Settings  string   `json:"settings"`
		HTTPPort  int      `json:"http_port"`
		HTTPSPort int      `json:"https_port"`
		Resolve   []string `json:"resolve"`
	}
	out := struct {
		CAFile string              `json:"ca_file"`
		AppDir string              `json:"app_dir"`
		Sites  map[string]siteJSON `json:"sites"`
	}{CAFile: st.CA.File, AppDir: livetest.AppDir(), Sites: map[string]siteJSON{}}
	for name, s := range st.Sites {
		out.Sites[name] = siteJSON{s.Host, s.Names, s.Settings, s.HTTPPort, s.HTTPSPort, s.Resolve()}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		return err
	}
	fmt.Println("ready")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	eof := make(chan struct{})
	if *stdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			close(eof)
		}()
	}
	select {
	case <-sig:
	case <-eof:
	}
	return nil
}
