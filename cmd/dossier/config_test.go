package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
			dir := cleanConfigEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			want := tt.want
			want.Queries.Timeout = 30 * time.Second // the default in every case
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
	dir := cleanConfigEnv(t)
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
			cleanConfigEnv(t)
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

// TestConfigLookupNames: only dossier.yaml and dossier.yml are config
// files; a file named dossier (the binary, built in place) or with another
// extension is never read, wherever the search looks.
func TestConfigLookupNames(t *testing.T) {
	binary := []byte("\x7fELF\x02\x01\x01\x00 not yaml: [\x00")
	tests := []struct {
		name     string
		files    map[string][]byte // relative to the working directory
		wantUser string
		wantFile string
	}{
		{"binary only", map[string][]byte{"dossier": binary}, "neo4j", ""},
		{"binary in XDG dir", map[string][]byte{"xdg/dossier/dossier": binary}, "neo4j", ""},
		{"other extensions", map[string][]byte{"dossier.json": []byte(`{"neo4j":{"user":"j"}}`), "dossier.toml": []byte("x = [")}, "neo4j", ""},
		{"binary beside yaml", map[string][]byte{"dossier": binary, "dossier.yaml": []byte("neo4j:\n  user: yamluser\n")}, "yamluser", "dossier.yaml"},
		{"yml", map[string][]byte{"dossier": binary, "dossier.yml": []byte("neo4j:\n  user: ymluser\n")}, "ymluser", "dossier.yml"},
		{"yaml before yml", map[string][]byte{"dossier.yml": []byte("neo4j:\n  user: ymluser\n"), "dossier.yaml": []byte("neo4j:\n  user: yamluser\n")}, "yamluser", "dossier.yaml"},
		{"working dir before XDG", map[string][]byte{"dossier.yml": []byte("neo4j:\n  user: here\n"), "xdg/dossier/dossier.yaml": []byte("neo4j:\n  user: xdg\n")}, "here", "dossier.yml"},
		{"XDG yml", map[string][]byte{"dossier": binary, "xdg/dossier/dossier.yml": []byte("neo4j:\n  user: xdg\n")}, "xdg", "xdg/dossier/dossier.yml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := cleanConfigEnv(t)
			for name, data := range tt.files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, data, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			got := configFromArgs(t, nil)
			if got.Neo4j.User != tt.wantUser {
				t.Errorf("user = %q, want %q", got.Neo4j.User, tt.wantUser)
			}
			wantFile := tt.wantFile
			if strings.HasPrefix(wantFile, "xdg/") {
				wantFile = filepath.Join(dir, wantFile)
			}
			if got.File != wantFile {
				t.Errorf("file = %q, want %q", got.File, wantFile)
			}
		})
	}
}

// TestVersionBesideBinary runs `dossier version` in a directory holding a
// file named dossier that is not YAML, as after `go build ./cmd/dossier`.
func TestVersionBesideBinary(t *testing.T) {
	dir := cleanConfigEnv(t)
	if err := os.WriteFile(filepath.Join(dir, "dossier"), []byte("\x7fELF\x00\x01 control characters"), 0o755); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"version"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "dossier ") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and the version", code, out.String(), errb.String())
	}
}

// cleanConfigEnv isolates a test from the caller's configuration: every
// DOSSIER_* variable is unset (`make test` exports some), XDG_CONFIG_HOME
// is dir/xdg and the working directory is dir, a new empty directory that
// it returns. All is restored when the test ends.
func cleanConfigEnv(t *testing.T) string {
	t.Helper()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "DOSSIER_") {
			t.Setenv(k, "") // restores the value after the test
			os.Unsetenv(k)
		}
	}
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	return dir
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

// TestConfigCacheDir: cache.dir from the file, DOSSIER_CACHE_DIR and
// --cache-dir (a flag of reload and watch), in that rising precedence; in
// tests the default is no cache, so that no test writes to the user's.
func TestConfigCacheDir(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		env   string
		flags []string
		want  string
	}{
		{"default in tests", "", "", nil, ""},
		{"file", "cache:\n  dir: /file/cache\n", "", nil, "/file/cache"},
		{"env over file", "cache:\n  dir: /file/cache\n", "/env/cache", nil, "/env/cache"},
		{"flag over env", "", "/env/cache", []string{"--cache-dir", "/flag/cache"}, "/flag/cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := cleanConfigEnv(t)
			if tt.env != "" {
				t.Setenv("DOSSIER_CACHE_DIR", tt.env)
			}
			if tt.file != "" {
				if err := os.WriteFile(filepath.Join(dir, "dossier.yaml"), []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			cmd := &cobra.Command{}
			bindGlobalFlags(cmd.Flags())
			bindReloadFlags(cmd.Flags(), &reloadOptions{})
			if err := cmd.Flags().Parse(tt.flags); err != nil {
				t.Fatal(err)
			}
			c, err := loadConfig(viper.New(), cmd.Flags())
			if err != nil {
				t.Fatal(err)
			}
			if c.Cache.Dir != tt.want {
				t.Errorf("cache.dir = %q, want %q", c.Cache.Dir, tt.want)
			}
		})
	}
}

// TestUserCacheDir: outside tests the cache is dossier under
// $XDG_CACHE_HOME, else ~/.cache; with neither, none.
func TestUserCacheDir(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/xdg/cache")
	if got := userCacheDir(); got != "/xdg/cache/dossier" {
		t.Errorf("with XDG_CACHE_HOME: %q", got)
	}
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "/home/someone")
	if got := userCacheDir(); got != "/home/someone/.cache/dossier" {
		t.Errorf("with HOME: %q", got)
	}
	t.Setenv("HOME", "")
	if got := userCacheDir(); got != "" {
		t.Errorf("with neither: %q, want no cache", got)
	}
}

// TestOpenCache: --no-cache and an empty cache.dir turn the cache off; a
// directory that cannot be made is a warning, and the reload goes on
// without it.
func TestOpenCache(t *testing.T) {
	blocked := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		dir     string
		noCache bool
		want    bool   // a cache opened
		log     string // in the log, if anything
	}{
		{"on", t.TempDir(), false, true, ""},
		{"--no-cache", t.TempDir(), true, false, ""},
		{"no directory", "", false, false, "level=INFO msg=\"extraction cache off: no cache directory; set cache.dir or DOSSIER_CACHE_DIR"},
		{"cannot be made", filepath.Join(blocked, "cache"), false, false, "level=WARN msg=\"extraction cache unavailable: every file is extracted\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logged bytes.Buffer
			a := &app{log: newLogger(&logged, LogConfig{Level: "info", Format: "text"}), cfg: Config{Cache: CacheConfig{Dir: tt.dir}}}
			opts := &reloadOptions{noCache: tt.noCache}
			openCache(a, opts)
			if (opts.cache != nil) != tt.want {
				t.Errorf("cache opened: %v, want %v", opts.cache != nil, tt.want)
			}
			if !strings.Contains(logged.String(), tt.log) {
				t.Errorf("log lacks %q:\n%s", tt.log, logged.String())
			}
		})
	}
}
