package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

// TestConfigLayers checks the precedence flags > env > file > defaults, key by key.
func TestConfigLayers(t *testing.T) {
	const file = "neo4j:\n  uri: bolt://file:7687\n  user: fileuser\n  database: filedb\nload:\n  batch_size: 500\n"
	tests := []struct {
		name  string
		file  string
		env   map[string]string
		flags []string
		want  Config
	}{
		{
			name: "defaults",
			want: Config{Neo4j: Neo4jConfig{URI: "bolt://127.0.0.1:7687", User: "neo4j"},
				Load: LoadConfig{BatchSize: 2000}, Log: LogConfig{Level: "info", Format: "text"}},
		},
		{
			name: "file over defaults",
			file: file,
			want: Config{Neo4j: Neo4jConfig{URI: "bolt://file:7687", User: "fileuser", Database: "filedb"},
				Load: LoadConfig{BatchSize: 500}, Log: LogConfig{Level: "info", Format: "text"}},
		},
		{
			name: "env over file",
			file: file,
			env:  map[string]string{"DOSSIER_NEO4J_URI": "bolt://env:7687", "DOSSIER_NEO4J_PASSWORD": "envpw", "DOSSIER_LOAD_BATCH_SIZE": "700"},
			want: Config{Neo4j: Neo4jConfig{URI: "bolt://env:7687", User: "fileuser", Password: "envpw", Database: "filedb"},
				Load: LoadConfig{BatchSize: 700}, Log: LogConfig{Level: "info", Format: "text"}},
		},
		{
			name:  "flags over env",
			file:  file,
			env:   map[string]string{"DOSSIER_NEO4J_URI": "bolt://env:7687", "DOSSIER_NEO4J_DATABASE": "envdb"},
			flags: []string{"--neo4j-uri", "bolt://flag:7687", "--log-level", "debug", "--batch-size", "9"},
			want: Config{Neo4j: Neo4jConfig{URI: "bolt://flag:7687", User: "fileuser", Database: "envdb"},
				Load: LoadConfig{BatchSize: 9}, Log: LogConfig{Level: "debug", Format: "text"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
			for _, k := range []string{"DOSSIER_NEO4J_URI", "DOSSIER_NEO4J_USER", "DOSSIER_NEO4J_PASSWORD", "DOSSIER_NEO4J_DATABASE", "DOSSIER_LOAD_BATCH_SIZE", "DOSSIER_LOG_LEVEL", "DOSSIER_LOG_FORMAT", "DOSSIER_CONFIG"} {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			want := tt.want
			if tt.file != "" {
				if err := os.WriteFile(filepath.Join(dir, "dossier.yaml"), []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
				want.File = "dossier.yaml"
			}
			got := configFromArgs(t, tt.flags)
			if got.File != "" {
				got.File = filepath.Base(got.File)
			}
			if got != want {
				t.Errorf("config:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestConfigXDG checks that the file is found in $XDG_CONFIG_HOME/dossier/.
func TestConfigXDG(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	if err := os.MkdirAll(filepath.Join(dir, "xdg", "dossier"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "xdg", "dossier", "dossier.yaml"), []byte("neo4j:\n  user: xdguser\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := configFromArgs(t, nil); got.Neo4j.User != "xdguser" {
		t.Errorf("user = %q, want xdguser from the XDG config file", got.Neo4j.User)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name  string
		flags []string
		want  string
	}{
		{"bad level", []string{"--log-level", "loud"}, `config: log.level "loud": want debug, info, warn or error`},
		{"bad format", []string{"--log-format", "xml"}, `config: log.format "xml": want text or json`},
		{"bad batch", []string{"--batch-size", "-1"}, "config: load.batch_size -1: want 1..100000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			cmd := &cobra.Command{}
			bindGlobalFlags(cmd.Flags())
			if err := cmd.Flags().Parse(tt.flags); err != nil {
				t.Fatal(err)
			}
			_, err := loadConfig(viper.New(), cmd.Flags())
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func configFromArgs(t *testing.T, flags []string) Config {
	t.Helper()
	cmd := &cobra.Command{}
	bindGlobalFlags(cmd.Flags())
	if err := cmd.Flags().Parse(flags); err != nil {
		t.Fatal(err)
	}
	c, err := loadConfig(viper.New(), cmd.Flags())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
