package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/dossier-dev/dossier/queries"
)

// defaultGuideAddr is where deploy/neo4j/browser.conf expects the guide.
const defaultGuideAddr = "127.0.0.1:8765"

func newBrowserCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "browser",
		Short: "Serve the saved queries to Neo4j Browser as a guide and a style",
		Long: `Neo4j Browser loads guides and styles from web servers its configuration
allows (browser.remote_content_hostname_whitelist). "dossier browser serve"
is such a server for the saved queries: a guide with one slide per query,
Dossier's GraSS style and the queries as favorite files. With the local
server's deploy/neo4j/browser.conf, Browser opens the guide on connect.`,
		Example: `  dossier browser serve
  dossier browser guide --base http://127.0.0.1:8765 > guide.html`,
	}
	cmd.AddCommand(newBrowserServeCmd(a), newBrowserGuideCmd(a))
	return cmd
}

type browserServeOptions struct {
	addr string
}

func newBrowserServeCmd(a *app) *cobra.Command {
	opts := &browserServeOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the guide, the style and the favorites over HTTP until interrupted",
		Long: `Serve answers, on a loopback address by default:
  /guide.html             the Browser guide: in Browser, :guide http://ADDR/guide.html
  /style.grass            the GraSS style:   in Browser, :style http://ADDR/style.grass
  /favorites/NAME.cypher  each saved query
The guide is built from the saved queries, --queries-dir included, when it is
requested. Stop with Ctrl-C.`,
		Example: `  dossier browser serve
  dossier browser serve --addr 127.0.0.1:9000 --dir ./my-queries`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBrowserServe(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.addr, "addr", defaultGuideAddr, "listen address; deploy/neo4j/browser.conf expects "+defaultGuideAddr)
	addQueriesDirFlag(cmd)
	return cmd
}

// serverTimeouts bound how long a client may hold a connection of the
// guide server: reading a request's header and whole body, writing the
// answer, and waiting idle between requests.
type serverTimeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// guideTimeouts are the guide server's: its answers are small files, so a
// client slower than this is stuck or hostile, and an idle connection is
// dropped after a minute rather than held for ever.
var guideTimeouts = serverTimeouts{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 30 * time.Second, Idle: time.Minute}

// newGuideServer returns the HTTP server of `browser serve`.
func newGuideServer(h http.Handler, t serverTimeouts) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    64 << 10,
	}
}

func runBrowserServe(ctx context.Context, a *app, opts *browserServeOptions) error {
	c, err := a.loadCatalog()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return userError{fmt.Errorf("listen: %w", err)}
	}
	srv := newGuideServer(queries.Handler(c), guideTimeouts)
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(a.stdout, "serving %d saved queries at %s\n  in Neo4j Browser: :guide %s/guide.html\n                    :style %s/style.grass\n",
		len(c.Names()), base, base, base)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

type browserGuideOptions struct {
	base string
}

func newBrowserGuideCmd(a *app) *cobra.Command {
	opts := &browserGuideOptions{}
	cmd := &cobra.Command{
		Use:   "guide",
		Short: "Write the Browser guide of the saved queries to standard output",
		Long: `Guide writes the HTML guide that "dossier browser serve" serves at
/guide.html, for hosting it elsewhere. --base is the URL the guide will be
served from (its introduction links the style there).`,
		Example: `  dossier browser guide --base http://127.0.0.1:8765 > guide.html`,
		Args:    cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			c, err := a.loadCatalog()
			if err != nil {
				return err
			}
			return queries.WriteGuide(a.stdout, c, opts.base)
		},
	}
	cmd.Flags().StringVar(&opts.base, "base", "http://"+defaultGuideAddr, "URL the guide is served from")
	addQueriesDirFlag(cmd)
	return cmd
}
