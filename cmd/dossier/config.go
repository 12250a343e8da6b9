package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/dossier-dev/dossier/graph"
)

// Config is Dossier's whole configuration, after layering defaults, the
// config file, the environment and flags.
type Config struct {
	Neo4j Neo4jConfig `mapstructure:"neo4j"`
	Load  LoadConfig  `mapstructure:"load"`
	Log   LogConfig   `mapstructure:"log"`
	// Queries locates the analyst's own saved queries (queries.dir).
	Queries QueriesConfig `mapstructure:"queries"`
	// Cache locates the extraction cache of reload and watch (cache.dir).
	Cache CacheConfig `mapstructure:"cache"`
	// File is the config file that was read, "" when none.
	File string `mapstructure:"-"`
}

// Neo4jConfig says how to reach the database.
type Neo4jConfig struct {
	URI      string `mapstructure:"uri"`
	User     string `mapstructure:"user"`
	Password string `mapstructure:"password"`
	Database string `mapstructure:"database"`
}

// LoadConfig tunes writes.
type LoadConfig struct {
	BatchSize int `mapstructure:"batch_size"`
}

// QueriesConfig adds a directory of .cypher files to the embedded saved
// queries ("" means the embedded ones only) and bounds how long one runs.
type QueriesConfig struct {
	Dir     string        `mapstructure:"dir"`
	Timeout time.Duration `mapstructure:"timeout"`
}

// CacheConfig says where reload and watch keep what they extracted from
// each file, so that they read again only the files that changed: Dir is
// the directory, safe to delete ("" turns the cache off).
type CacheConfig struct {
	Dir string `mapstructure:"dir"`
}

// defaultCacheDir returns the cache.dir default: dossier under the user's
// cache directory ($XDG_CACHE_HOME, else ~/.cache), or "" (no cache) when
// there is none - and in tests, which must never write to the real one:
// they set DOSSIER_CACHE_DIR to a temporary directory instead.
func defaultCacheDir() string {
	if testing.Testing() {
		return ""
	}
	return userCacheDir()
}

// userCacheDir returns dossier's directory under os.UserCacheDir, or "".
func userCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "dossier")
}

// LogConfig sets the slog level (debug, info, warn, error) and format (text, json).
type LogConfig struct {
	Level  string `mapstructure:"level"`
	Format string `mapstructure:"format"`
}

// Connection returns the store connection of c.
func (c Config) Connection() graph.Connection {
	return graph.Connection{URI: c.Neo4j.URI, User: c.Neo4j.User, Password: c.Neo4j.Password, Database: c.Neo4j.Database}
}

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	var errs []error
	if err := c.Connection().Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Load.BatchSize < 1 || c.Load.BatchSize > 100000 {
		errs = append(errs, fmt.Errorf("load.batch_size %d: want 1..100000", c.Load.BatchSize))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.Log.Level)); err != nil {
		errs = append(errs, fmt.Errorf("log.level %q: want debug, info, warn or error", c.Log.Level))
	}
	if c.Queries.Timeout <= 0 {
		errs = append(errs, fmt.Errorf("queries.timeout %s: want a positive duration such as 30s", c.Queries.Timeout))
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		errs = append(errs, fmt.Errorf("log.format %q: want text or json", c.Log.Format))
	}
	return errors.Join(errs...)
}

// defaults are the lowest configuration layer.
var defaults = map[string]any{
	"neo4j.uri":       "bolt://127.0.0.1:7687",
	"neo4j.user":      "neo4j",
	"neo4j.password":  "",
	"neo4j.database":  "",
	"load.batch_size": graph.DefaultBatchSize,
	"log.level":       "info",
	"log.format":      "text",
	"queries.dir":     "",
	"queries.timeout": "30s",
}

// flagKeys maps global flags to configuration keys.
var flagKeys = map[string]string{
	"neo4j-uri":      "neo4j.uri",
	"neo4j-user":     "neo4j.user",
	"neo4j-password": "neo4j.password",
	"neo4j-database": "neo4j.database",
	"batch-size":     "load.batch_size",
	"log-level":      "log.level",
	"log-format":     "log.format",
	"queries-dir":    "queries.dir",     // flag of the query and browser commands
	"query-timeout":  "queries.timeout", // flag of the query command
	"cache-dir":      "cache.dir",       // flag of the reload and watch commands
}

func bindGlobalFlags(fs *pflag.FlagSet) {
	fs.String("config", "", "config file (default: ./dossier.yaml or ./dossier.yml, then the same in $XDG_CONFIG_HOME/dossier/)")
	fs.String("neo4j-uri", "", "Neo4j Bolt URI (env DOSSIER_NEO4J_URI; default bolt://127.0.0.1:7687)")
	fs.String("neo4j-user", "", "Neo4j user (env DOSSIER_NEO4J_USER; default neo4j)")
	fs.String("neo4j-password", "", "Neo4j password (prefer env DOSSIER_NEO4J_PASSWORD: flags show in ps)")
	fs.String("neo4j-database", "", "Neo4j database (env DOSSIER_NEO4J_DATABASE; default: the server's default)")
	fs.Int("batch-size", 0, "rows per write transaction (env DOSSIER_LOAD_BATCH_SIZE; default 2000)")
	fs.String("log-level", "", "log level: debug, info, warn, error (env DOSSIER_LOG_LEVEL)")
	fs.String("log-format", "", "log format: text or json (env DOSSIER_LOG_FORMAT)")
}

// configNames are the only names a config file is found under: explicit
// extensions, because viper's search by base name also accepts a file
// without one, such as the dossier binary itself.
var configNames = []string{"dossier.yaml", "dossier.yml"}

// findConfigFile returns the first regular file named in configNames in the
// working directory, then in $XDG_CONFIG_HOME/dossier (or ~/.config/dossier),
// or "" when there is none.
func findConfigFile() string {
	dirs := []string{"."}
	if dir, err := os.UserConfigDir(); err == nil {
		dirs = append(dirs, filepath.Join(dir, "dossier"))
	}
	for _, dir := range dirs {
		for _, name := range configNames {
			path := filepath.Join(dir, name)
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				return path
			}
		}
	}
	return ""
}

// exposedPassword returns a warning when the config file holds the Neo4j
// password and users other than its owner may read it, "" otherwise.
func exposedPassword(v *viper.Viper, file string) string {
	if file == "" || !v.InConfig("neo4j.password") || v.GetString("neo4j.password") == "" {
		return ""
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("config file %s holds neo4j.password and other users can read it (mode %04o): chmod 600 %s, or set DOSSIER_NEO4J_PASSWORD instead",
		file, fi.Mode().Perm(), file)
}

// loadConfig layers defaults, the config file, DOSSIER_* environment
// variables and the flags that were set, then validates the result.
func loadConfig(v *viper.Viper, flags *pflag.FlagSet) (Config, error) {
	for k, val := range defaults {
		v.SetDefault(k, val)
	}
	v.SetDefault("cache.dir", defaultCacheDir())
	v.SetEnvPrefix("DOSSIER")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	for name, key := range flagKeys {
		if f := flags.Lookup(name); f != nil {
			if err := v.BindPFlag(key, f); err != nil {
				return Config{}, err
			}
		}
	}

	file := ""
	if f := flags.Lookup("config"); f != nil {
		file = f.Value.String()
	}
	if file == "" {
		file = os.Getenv("DOSSIER_CONFIG")
	}
	if file == "" {
		file = findConfigFile()
	}
	if file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
	}

	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", v.ConfigFileUsed(), err)
	}
	c.File = v.ConfigFileUsed()
	if err := c.Validate(); err != nil {
		if c.File != "" {
			return Config{}, fmt.Errorf("config (file %s): %w", c.File, err)
		}
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, nil
}
