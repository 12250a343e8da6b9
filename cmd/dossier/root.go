package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

// app is what every command shares: where output goes, the configuration
// layers and the logger. Tests build one with their own writers.
type app struct {
	stdout, stderr io.Writer
	v              *viper.Viper
	log            *slog.Logger
	cfg            Config
}

// userError is an error the user can fix (bad flag, missing file, server
// down); it is printed without a stack of wrapping context.
type userError struct{ err error }

func (e userError) Error() string { return e.err.Error() }
func (e userError) Unwrap() error { return e.err }

// exitError carries an exit status for a command that did its work but must
// report failure (some files failed).
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, v: viper.New()}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		fmt.Fprintln(stderr, "dossier:", ee.msg)
		return ee.code
	}
	fmt.Fprintln(stderr, "dossier:", err)
	return 1
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "dossier",
		Short: "Build a knowledge graph of security cooperation from news texts",
		Long: `Dossier reads news texts about government security cooperation, extracts the
people, offices, countries, organizations and meetings they mention, with what
was said and agreed, and loads the graph into Neo4j. Every fact keeps the
document and sentence it was read from.

Configuration, highest precedence first: flags, environment (DOSSIER_NEO4J_URI,
DOSSIER_NEO4J_USER, DOSSIER_NEO4J_PASSWORD, DOSSIER_NEO4J_DATABASE, ...), the
config file (dossier.yaml in the working directory or $XDG_CONFIG_HOME/dossier/),
defaults.`,
		Example: `  dossier extract data/seeds --out graph.json
  dossier load data/seeds
  DOSSIER_NEO4J_PASSWORD=secret dossier schema`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(a.v, cmd.Flags())
			if err != nil {
				return userError{err}
			}
			a.cfg = cfg
			a.log = newLogger(a.stderr, cfg.Log)
			if msg := exposedPassword(a.v, cfg.File); msg != "" {
				a.log.Warn(msg)
			}
			return nil
		},
	}
	bindGlobalFlags(root.PersistentFlags())
	root.AddCommand(
		newExtractCmd(a), newExportCmd(a),
		newLoadCmd(a),
		newSchemaCmd(a),
		newVersionCmd(a),
		newReloadCmd(a), newWatchCmd(a),
		newQueryCmd(a), newBrowserCmd(a), newOverviewCmd(a),
	)
	return root
}

func newLogger(w io.Writer, c LogConfig) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated in Config.Validate
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// isTerminal reports whether w is an interactive terminal (for progress bars).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
