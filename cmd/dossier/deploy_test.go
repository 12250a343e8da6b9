package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The deployment files of deploy/ cannot run here (they need registries,
// a cluster, systemd as PID 1); these tests check what can be checked: they
// parse, they say what the issue asks (password from a Secret, non-root,
// static binary...), and every dossier command line in them is one this
// binary accepts, flags included.

const deployDir = "../../deploy"

func readDeploy(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(deployDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkCommandLine parses args (without the program name) as the CLI would
// and fails on an unknown command, flag or argument count. Nothing runs.
func checkCommandLine(t *testing.T, where string, args []string) {
	t.Helper()
	root := newRootCmd(&app{v: nil})
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		t.Fatalf("%s: %q is not a dossier command: %v", where, args, err)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Fatalf("%s: %q: %v", where, args, err)
	}
	if cmd.Args != nil {
		if err := cmd.Args(cmd, cmd.Flags().Args()); err != nil {
			t.Fatalf("%s: %q: %v", where, args, err)
		}
	}
}

func TestDeployCompose(t *testing.T) {
	var c struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       map[string]string `yaml:"build"`
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			DependsOn   map[string]any    `yaml:"depends_on"`
			Healthcheck map[string]any    `yaml:"healthcheck"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(readDeploy(t, "docker-compose.yml"), &c); err != nil {
		t.Fatal(err)
	}
	neo, watcher := c.Services["neo4j"], c.Services["watcher"]
	if !pinnedImage.MatchString(neo.Image) || !strings.HasPrefix(neo.Environment["NEO4J_AUTH"], "neo4j/${DOSSIER_NEO4J_PASSWORD:?") || neo.Healthcheck == nil {
		t.Errorf("neo4j service: %+v", neo)
	}
	if watcher.Build["dockerfile"] != "deploy/Dockerfile" || watcher.DependsOn["neo4j"] == nil {
		t.Errorf("watcher service: %+v", watcher)
	}
	if got := watcher.Environment["DOSSIER_NEO4J_PASSWORD"]; !strings.HasPrefix(got, "${DOSSIER_NEO4J_PASSWORD:?") {
		t.Errorf("watcher password %q: want it from the environment, required", got)
	}
	if !slices.ContainsFunc(watcher.Volumes, func(v string) bool { return strings.HasSuffix(v, ":/corpus:ro") }) {
		t.Errorf("watcher volumes %q: want the corpus read-only at /corpus", watcher.Volumes)
	}
	if len(watcher.Command) < 2 || watcher.Command[0] != "watch" || watcher.Command[1] != "/corpus" {
		t.Errorf("watcher command %q", watcher.Command)
	}
	checkCommandLine(t, "docker-compose.yml watcher", watcher.Command)
}

func TestDeployCronJob(t *testing.T) {
	type envVar struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom struct {
			SecretKeyRef struct{ Name, Key string } `yaml:"secretKeyRef"`
		} `yaml:"valueFrom"`
	}
	var cj struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Spec       struct {
			Schedule          string `yaml:"schedule"`
			ConcurrencyPolicy string `yaml:"concurrencyPolicy"`
			JobTemplate       struct {
				Spec struct {
					Template struct {
						Spec struct {
							RestartPolicy   string `yaml:"restartPolicy"`
							SecurityContext struct {
								RunAsNonRoot bool `yaml:"runAsNonRoot"`
							} `yaml:"securityContext"`
							Containers []struct {
								Args         []string `yaml:"args"`
								Env          []envVar `yaml:"env"`
								VolumeMounts []struct {
									MountPath string `yaml:"mountPath"`
									ReadOnly  bool   `yaml:"readOnly"`
								} `yaml:"volumeMounts"`
							} `yaml:"containers"`
						} `yaml:"spec"`
					} `yaml:"template"`
				} `yaml:"spec"`
			} `yaml:"jobTemplate"`
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(readDeploy(t, "k8s/cronjob.yaml"), &cj); err != nil {
		t.Fatal(err)
	}
	pod := cj.Spec.JobTemplate.Spec.Template.Spec
	if cj.APIVersion != "batch/v1" || cj.Kind != "CronJob" || cj.Spec.Schedule == "" ||
		cj.Spec.ConcurrencyPolicy != "Forbid" || pod.RestartPolicy != "Never" || !pod.SecurityContext.RunAsNonRoot || len(pod.Containers) != 1 {
		t.Fatalf("cronjob: %+v", cj)
	}
	c := pod.Containers[0]
	env := map[string]envVar{}
	for _, e := range c.Env {
		env[e.Name] = e
	}
	if pw := env["DOSSIER_NEO4J_PASSWORD"]; pw.Value != "" || pw.ValueFrom.SecretKeyRef.Name == "" || pw.ValueFrom.SecretKeyRef.Key == "" {
		t.Errorf("password %+v: want it from a Secret only", pw)
	}
	if !strings.HasPrefix(env["DOSSIER_NEO4J_URI"].Value, "neo4j+s://neo4j:") {
		t.Errorf("uri %q: want the neo4j Service over TLS", env["DOSSIER_NEO4J_URI"].Value)
	}
	if len(c.VolumeMounts) != 1 || c.VolumeMounts[0].MountPath != "/corpus" || !c.VolumeMounts[0].ReadOnly {
		t.Errorf("mounts %+v", c.VolumeMounts)
	}
	if len(c.Args) < 2 || c.Args[0] != "reload" || c.Args[1] != "/corpus" {
		t.Errorf("args %q", c.Args)
	}
	checkCommandLine(t, "k8s/cronjob.yaml", c.Args)
}

// unitDirectives reads a systemd unit as section.key → values.
func unitDirectives(t *testing.T, name string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(string(readDeploy(t, name))))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("%s: bad line %q", name, line)
			}
			out[section+"."+k] = append(out[section+"."+k], v)
		}
	}
	return out
}

func TestDeploySystemd(t *testing.T) {
	svc := unitDirectives(t, "systemd/dossier-reload.service")
	timer := unitDirectives(t, "systemd/dossier-reload.timer")
	for key, want := range map[string]string{
		"Service.Type":              "oneshot",
		"Service.DynamicUser":       "yes",
		"Service.SuccessExitStatus": "75", // exitLockHeld
		"Service.EnvironmentFile":   "/etc/dossier/dossier.env",
	} {
		if got := svc[key]; len(got) != 1 || got[0] != want {
			t.Errorf("service %s = %q, want %q", key, got, want)
		}
	}
	if got := timer["Timer.Unit"]; len(got) != 1 || got[0] != "dossier-reload.service" || len(timer["Timer.OnCalendar"]) != 1 {
		t.Errorf("timer: %v", timer)
	}
	exec0 := svc["Service.ExecStart"]
	if len(exec0) != 1 {
		t.Fatalf("ExecStart %q", exec0)
	}
	argv := strings.Fields(exec0[0])
	if argv[0] != "/usr/local/bin/dossier" {
		t.Errorf("ExecStart runs %s", argv[0])
	}
	checkCommandLine(t, "dossier-reload.service", argv[1:])
	if exitLockHeld != 75 {
		t.Errorf("exitLockHeld = %d: update SuccessExitStatus", exitLockHeld)
	}

	// systemd's own check, where it exists, on copies that run a real
	// binary (verify insists ExecStart is executable).
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Log("systemd-analyze not installed: skipping systemd's own verification")
		return
	}
	dir := t.TempDir()
	bin, err := os.Executable() // any executable file will do
	if err != nil {
		t.Fatal(err)
	}
	unit := strings.ReplaceAll(string(readDeploy(t, "systemd/dossier-reload.service")), "/usr/local/bin/dossier", bin)
	if err := os.WriteFile(filepath.Join(dir, "dossier-reload.service"), []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dossier-reload.timer"), readDeploy(t, "systemd/dossier-reload.timer"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("systemd-analyze", "verify",
		filepath.Join(dir, "dossier-reload.service"), filepath.Join(dir, "dossier-reload.timer")).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

func TestDeployDockerfile(t *testing.T) {
	df := string(readDeploy(t, "Dockerfile"))
	var stages, user, cmd, entrypoint string
	for line := range strings.Lines(df) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "FROM "):
			stages += line + "\n"
		case strings.HasPrefix(line, "USER "):
			user = strings.TrimPrefix(line, "USER ")
		case strings.HasPrefix(line, "CMD "):
			cmd = strings.TrimPrefix(line, "CMD ")
		case strings.HasPrefix(line, "ENTRYPOINT "):
			entrypoint = strings.TrimPrefix(line, "ENTRYPOINT ")
		}
	}
	if strings.Count(stages, "FROM ") != 2 || !strings.Contains(stages, " AS build") || !strings.Contains(stages, "FROM scratch") {
		t.Errorf("stages:\n%s want a build stage and a scratch one", stages)
	}
	if !strings.Contains(df, "CGO_ENABLED=0") || !strings.Contains(df, "./cmd/dossier") {
		t.Error("the binary is not built static (CGO_ENABLED=0) from ./cmd/dossier")
	}
	if user == "" || strings.HasPrefix(user, "0") || strings.HasPrefix(user, "root") {
		t.Errorf("USER %q: want a non-root user", user)
	}
	var ep, args []string
	if err := json.Unmarshal([]byte(entrypoint), &ep); err != nil || len(ep) != 1 || filepath.Base(ep[0]) != "dossier" {
		t.Errorf("ENTRYPOINT %s: %v", entrypoint, err)
	}
	if err := json.Unmarshal([]byte(cmd), &args); err != nil {
		t.Fatalf("CMD %s: %v", cmd, err)
	}
	if !slices.Contains(args, "/corpus") {
		t.Errorf("CMD %q does not read /corpus", args)
	}
	checkCommandLine(t, "Dockerfile CMD", args)
}
