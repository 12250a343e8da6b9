package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pinnedImage is an image reference with a patch version: name:X.Y.Z,
// with an optional suffix (-bookworm, -community).
var pinnedImage = regexp.MustCompile(`^[a-z0-9./-]+:\d+\.\d+\.\d+(-[a-z0-9.-]+)?$`)

// TestURIRedacted: a password written into the URI is never echoed.
func TestURIRedacted(t *testing.T) {
	const secret = "hunter2-in-the-uri"
	tests := [][]string{
		{"schema", "--neo4j-uri", "bolt://neo4j:" + secret + "@127.0.0.1:1"},
		{"query", "office-holders", "--neo4j-uri", "neo4j://neo4j:" + secret + "@127.0.0.1:1"},
	}
	for _, args := range tests {
		code, out, errs := dossier(t, nil, args...)
		if code == 0 || strings.Contains(out+errs, secret) || !strings.Contains(errs, "neo4j:xxxxx@127.0.0.1:1") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want a failure naming the URI without its password", args, code, out, errs)
		}
	}
}

// TestConfigFileExposed: a config file that holds the password and that
// other users can read is read, with a warning that says how to fix it.
func TestConfigFileExposed(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		mode os.FileMode
		warn bool
	}{
		{"password, readable by all", "neo4j:\n  password: file-secret-1\n", 0o644, true},
		{"password, group-readable", "neo4j:\n  password: file-secret-1\n", 0o640, true},
		{"password, owner only", "neo4j:\n  password: file-secret-1\n", 0o600, false},
		{"no password, readable by all", "neo4j:\n  user: neo4j\n", 0o644, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "dossier.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), tt.mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil { // past the umask
				t.Fatal(err)
			}
			code, out, errs := dossier(t, map[string]string{"DOSSIER_CONFIG": path}, "query", "--list")
			warned := strings.Contains(errs, "holds neo4j.password and other users can read it") && strings.Contains(errs, "chmod 600")
			if code != 0 || out == "" || warned != tt.warn || strings.Contains(errs, "file-secret-1") {
				t.Errorf("exit %d, stderr %q; want a warning: %v", code, errs, tt.warn)
			}
		})
	}
}

// TestSecretsOutOfCommandLines reads the scripts that set Neo4j's initial
// password: it goes in an argument file the admin tool reads (@FILE), never
// on a command line (ps shows those to every user); no unsalted hash of it
// is kept; `make run` does not print a password that is not the default;
// the test image refuses to start without NEO4J_AUTH rather than with
// neo4j/neo4j.
func TestSecretsOutOfCommandLines(t *testing.T) {
	read := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("..", "..", path))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	onCommandLine := regexp.MustCompile(`set-initial-password[^\n]*"\$(PASSWORD|password)"`)
	viaFile := regexp.MustCompile(`set-initial-password[^\n]*"@\$argfile"`)
	for _, path := range []string{"deploy/neo4j/neo4j.sh", "deploy/neo4j-image/docker-entrypoint.sh"} {
		s := read(path)
		if onCommandLine.MatchString(s) || !viaFile.MatchString(s) {
			t.Errorf("%s: the password must reach set-initial-password through an @argfile", path)
		}
		if !strings.Contains(s, "umask 077 && mktemp") {
			t.Errorf("%s: the argument file must be created readable by its owner only", path)
		}
	}
	sh := read("deploy/neo4j/neo4j.sh")
	if strings.Contains(sh, `want="$(printf '%s' "$PASSWORD" | sha)"`) || !strings.Contains(sh, `printf '%s%s' "$salt" "$PASSWORD" | sha`) {
		t.Error("neo4j.sh: the password stamp must be salted")
	}
	if !strings.Contains(sh, `chmod 600 "$NEO4J_HOME_DIR/data/dbms/auth.ini"`) || !strings.Contains(sh, `chmod 600 "$PASSWORD_STAMP"`) {
		t.Error("neo4j.sh: auth.ini and the stamp must be readable by their owner only")
	}
	if strings.Contains(read("Makefile"), "password $(DOSSIER_NEO4J_PASSWORD)") {
		t.Error("Makefile: make run prints the password")
	}
	ep := read("deploy/neo4j-image/docker-entrypoint.sh")
	if !strings.Contains(ep, "NEO4J_AUTH is unset: set it to neo4j/<password>") {
		t.Error("docker-entrypoint.sh: a missing NEO4J_AUTH must be refused")
	}
}

// TestImagesPinned: every image the deploy files name carries a patch
// version, so that a rebuild or a restart does not silently upgrade.
func TestImagesPinned(t *testing.T) {
	arg := regexp.MustCompile(`(?m)^ARG GO_IMAGE=(\S+)$`)
	m := arg.FindStringSubmatch(string(readDeploy(t, "Dockerfile")))
	if m == nil || !pinnedImage.MatchString(m[1]) {
		t.Errorf("Dockerfile GO_IMAGE %q: want a patch version", m)
	}
	image := regexp.MustCompile(`(?m)^\s*image:\s*(\S+)`)
	for _, ref := range image.FindAllStringSubmatch(string(readDeploy(t, "docker-compose.yml")), -1) {
		if ref[1] != "dossier:local" && !pinnedImage.MatchString(ref[1]) {
			t.Errorf("docker-compose.yml image %q: want a patch version", ref[1])
		}
	}
}
