// Package neo4jtest provides a real Neo4j server to integration tests.
//
// A package's TestMain calls Main; its tests call Server. The server is
// obtained once per test binary, on the first call to Server, from the first
// of these sources that applies:
//
//  1. DOSSIER_NEO4J_URI is set: that server, with DOSSIER_NEO4J_USER
//     (default "neo4j"), DOSSIER_NEO4J_PASSWORD and DOSSIER_NEO4J_DATABASE
//     ("" is the server's default database).
//  2. A Docker engine answers: a container started through testcontainers-go's
//     neo4j module from DOSSIER_NEO4J_IMAGE (default "neo4j:5", the official
//     image; deploy/neo4j-image/build.sh builds a local one under that name
//     where nothing can be pulled). Main terminates it after the tests.
//  3. Otherwise the tests that call Server are skipped, or fail when
//     DOSSIER_REQUIRE_NEO4J=1.
//
// DOSSIER_REQUIRE_TESTCONTAINERS=1 makes every source but testcontainers a
// failure, so that CI cannot pass on skipped or redirected integration tests.
package neo4jtest

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/moby/moby/client"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/testcontainers/testcontainers-go"
	tcneo4j "github.com/testcontainers/testcontainers-go/modules/neo4j"
	"github.com/testcontainers/testcontainers-go/wait"
)

// Environment variables read by this package.
const (
	EnvURI                   = "DOSSIER_NEO4J_URI"
	EnvUser                  = "DOSSIER_NEO4J_USER"
	EnvPassword              = "DOSSIER_NEO4J_PASSWORD"
	EnvDatabase              = "DOSSIER_NEO4J_DATABASE"
	EnvImage                 = "DOSSIER_NEO4J_IMAGE"
	EnvRequireNeo4j          = "DOSSIER_REQUIRE_NEO4J"
	EnvRequireTestcontainers = "DOSSIER_REQUIRE_TESTCONTAINERS"
)

// testcontainers-go settings this package sets when they are unset.
const (
	envRyukDisabled = "TESTCONTAINERS_RYUK_DISABLED"
	envHostOverride = "TESTCONTAINERS_HOST_OVERRIDE"
)

// Labels on the containers this package starts, so that a later run can
// tell which ones were left by a test binary that no longer exists.
const (
	labelHost = "dev.dossier.neo4jtest.host"
	labelPID  = "dev.dossier.neo4jtest.pid"
)

const (
	defaultImage         = "neo4j:5"
	containerPassword    = "dossier-test-password" // Neo4j 5 wants 8 characters or more
	containerDatabase    = "neo4j"
	sourceEnv            = EnvURI
	sourceTestcontainers = "testcontainers"
	startTimeout         = 3 * time.Minute
	connectTimeout       = 30 * time.Second
	// The official image's defaults, set explicitly so that both images
	// behave alike whatever their own defaults become.
	containerHeap      = "512m"
	containerPageCache = "512m"
)

// Instance is a running Neo4j server and a driver connected to it. It is
// shared by every test of the binary: tests must not close Driver, and
// should call Reset before relying on an empty database.
type Instance struct {
	URI      string // bolt URI, e.g. bolt://localhost:32768
	User     string
	Password string
	Database string // "" means the server's default database
	// Driver is connected and verified; Main closes it.
	Driver neo4j.DriverWithContext
	// Source says where the server came from: "DOSSIER_NEO4J_URI" or
	// "testcontainers".
	Source string
}

var (
	mainRunning bool
	once        sync.Once
	shared      *Instance
	container   *tcneo4j.Neo4jContainer
	// unavailable is why no server could be had: the tests skip (or fail
	// when a server is required) with this message.
	unavailable error
	// broken is a failure to obtain a server that should have worked (a
	// bad URI, a container that did not start): always a test failure.
	broken error

	shutdownOnce sync.Once
	shutdownErr  error
	// mu guards shared and container against the signal handler's
	// shutdown racing with obtain.
	mu sync.Mutex
)

// Main runs a package's tests with a Neo4j server available to them and
// exits with their status. Call it from TestMain:
//
//	func TestMain(m *testing.M) { neo4jtest.Main(m) }
//
// The server itself is only obtained when a test first asks for it, so a
// run of unit tests alone starts no container.
func Main(m *testing.M) {
	// Ryuk, testcontainers' reaper container, cannot be pulled where
	// images are built locally; Main terminates the container instead.
	// Set before any testcontainers call: its configuration is read once.
	if _, ok := os.LookupEnv(envRyukDisabled); !ok {
		os.Setenv(envRyukDisabled, "true")
	}
	mainRunning = true
	// An interrupted run (Ctrl-C, a CI timeout's SIGTERM) still removes
	// its container; one killed outright is removed by the next run (see
	// removeStale).
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-sigs
		log.Printf("neo4jtest: %v: stopping the Neo4j container", sig)
		if err := shutdown(); err != nil {
			log.Printf("neo4jtest: shutdown: %v", err)
		}
		// A container still starting is not known to shutdown yet.
		removeOwn()
		os.Exit(1)
	}()
	code := m.Run()
	signal.Stop(sigs)
	if err := shutdown(); err != nil {
		log.Printf("neo4jtest: shutdown: %v", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// Server returns the shared Neo4j server, obtaining it on the first call. It
// skips tb when no server can be had, or fails it under
// DOSSIER_REQUIRE_NEO4J=1 or DOSSIER_REQUIRE_TESTCONTAINERS=1; see the
// package documentation for the sources.
func Server(tb testing.TB) *Instance {
	tb.Helper()
	if !mainRunning {
		tb.Fatal("neo4jtest: the package's TestMain must call neo4jtest.Main(m), which stops the server after the tests")
	}
	once.Do(obtain)
	switch {
	case broken != nil:
		tb.Fatalf("neo4jtest: %v", broken)
	case unavailable != nil && os.Getenv(EnvRequireTestcontainers) == "1":
		tb.Fatalf("neo4jtest: %v (%s=1: testcontainers is required)", unavailable, EnvRequireTestcontainers)
	case unavailable != nil && os.Getenv(EnvRequireNeo4j) == "1":
		tb.Fatalf("neo4jtest: %v (%s=1: a server is required)", unavailable, EnvRequireNeo4j)
	case unavailable != nil:
		tb.Skipf("neo4jtest: skipping integration test: %v (set %s=1 to fail instead)", unavailable, EnvRequireNeo4j)
	}
	return shared
}

// Reset deletes every node and relationship, in batches so that a large
// graph does not need one huge transaction. Indexes and constraints stay.
func (i *Instance) Reset(tb testing.TB) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// CALL { … } IN TRANSACTIONS is only allowed in an auto-commit
	// transaction, hence session.Run rather than ExecuteQuery.
	sess := i.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: i.Database})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		tb.Fatalf("neo4jtest: reset %s: %v", i.URI, err)
	}
}

// obtain fills shared, or unavailable/broken, from the first source that
// applies.
func obtain() {
	// Room for creating the container and connecting, beyond the wait.
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout+time.Minute)
	defer cancel()
	if uri := os.Getenv(EnvURI); uri != "" {
		if os.Getenv(EnvRequireTestcontainers) == "1" {
			broken = fmt.Errorf("%s=1 requires testcontainers, but %s is set (%s): unset it", EnvRequireTestcontainers, EnvURI, uri)
			return
		}
		inst := &Instance{
			URI:      uri,
			User:     envOr(EnvUser, "neo4j"),
			Password: os.Getenv(EnvPassword),
			Database: os.Getenv(EnvDatabase),
			Source:   sourceEnv,
		}
		if err := connect(ctx, inst); err != nil {
			broken = fmt.Errorf("%s=%s: %w", EnvURI, uri, err)
			return
		}
		log.Printf("neo4jtest: using the server at %s from %s", uri, EnvURI)
		mu.Lock()
		shared = inst
		mu.Unlock()
		return
	}
	if err := prepareDocker(ctx); err != nil {
		unavailable = fmt.Errorf("%s is unset and no Docker engine answers (%v)", EnvURI, err)
		return
	}
	inst, err := startContainer(ctx)
	if err != nil {
		broken = err
		return
	}
	mu.Lock()
	shared = inst
	mu.Unlock()
}

// prepareDocker asks the engine testcontainers will use (DOCKER_HOST,
// ~/.testcontainers.properties, the usual sockets) whether it answers, and
// readies it for this run.
//
// It fixes where published ports are reached. Where /.dockerenv exists,
// testcontainers assumes the tests run in a container beside the engine and
// dials the bridge gateway, falling back to the default route's gateway; on a
// machine that merely carries that file (a VM built from a container image,
// as here) with its own engine, that sends the tests' traffic off the
// machine. When the engine reports this machine's host name it is local, and
// its ports are on localhost.
func prepareDocker(ctx context.Context) (err error) {
	// The client panics on some broken set-ups rather than returning an
	// error; that too means no engine.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("docker client: %v", r)
		}
	}()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return err
	}
	defer cli.Close()
	info, err := cli.Info(ctx, client.InfoOptions{})
	if err != nil {
		return err
	}
	host := hostname()
	if _, set := os.LookupEnv(envHostOverride); !set && host != "" && host == info.Info.Name {
		os.Setenv(envHostOverride, "localhost")
	}
	removeStale(ctx, cli)
	return nil
}

// removeOwn removes the containers this process started, by their labels.
func removeOwn() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return
	}
	defer cli.Close()
	removeLabelled(ctx, cli, func(pid int) bool { return pid == os.Getpid() })
}

// removeStale removes the containers that earlier test binaries on this host
// started and could not terminate because they were killed (a go test
// -timeout panic, SIGKILL): without Ryuk nothing else would, and each holds
// a JVM and its memory.
func removeStale(ctx context.Context, cli *testcontainers.DockerClient) {
	removeLabelled(ctx, cli, func(pid int) bool { return pid != os.Getpid() && !alive(pid) })
}

// removeLabelled removes this host's containers whose owner pid matches.
func removeLabelled(ctx context.Context, cli *testcontainers.DockerClient, match func(pid int) bool) {
	list, err := cli.ContainerList(ctx, client.ContainerListOptions{
		All:     true,
		Filters: make(client.Filters).Add("label", labelHost+"="+hostname()),
	})
	if err != nil {
		log.Printf("neo4jtest: listing containers: %v", err)
		return
	}
	for _, c := range list.Items {
		pid, err := strconv.Atoi(c.Labels[labelPID])
		if err != nil || !match(pid) {
			continue
		}
		_, err = cli.ContainerRemove(ctx, c.ID, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true})
		log.Printf("neo4jtest: removed container %.12s of test process %d (err: %v)", c.ID, pid, err)
	}
}

func startContainer(ctx context.Context) (*Instance, error) {
	image := envOr(EnvImage, defaultImage)
	started := time.Now()
	// Memory is set explicitly (and exercises the NEO4J_* settings path of
	// whichever image runs) so that tests see the same server everywhere.
	ctr, err := tcneo4j.Run(ctx, image,
		tcneo4j.WithAdminPassword(containerPassword),
		testcontainers.WithLabels(map[string]string{
			labelHost: hostname(),
			labelPID:  strconv.Itoa(os.Getpid()),
		}),
		// The module's own readiness checks, with a longer deadline than
		// its 60 s: two cores shared by several test binaries, each
		// starting a JVM, can take longer than that.
		testcontainers.WithWaitStrategyAndDeadline(startTimeout,
			wait.ForLog("Bolt enabled on").WithStartupTimeout(startTimeout),
			wait.ForHTTP("/").WithPort("7474/tcp").WithStartupTimeout(startTimeout).
				WithStatusCodeMatcher(func(status int) bool { return status == http.StatusOK }),
		),
		tcneo4j.WithNeo4jSettings(map[string]string{
			"server.memory.heap.initial_size": containerHeap,
			"server.memory.heap.max_size":     containerHeap,
			"server.memory.pagecache.size":    containerPageCache,
		}),
	)
	if err != nil {
		if ctr != nil {
			// A container that started but never became ready.
			err = errors.Join(err, ctr.Terminate(context.Background(), testcontainers.StopTimeout(0)))
		}
		return nil, fmt.Errorf("testcontainers %s: %w", image, err)
	}
	mu.Lock()
	container = ctr
	mu.Unlock()
	uri, err := ctr.PortEndpoint(ctx, "7687/tcp", "bolt")
	if err != nil {
		return nil, fmt.Errorf("testcontainers %s: bolt port: %w", image, err)
	}
	// bolt://, not the module's BoltUrl (neo4j://): a routing driver would
	// follow the server's advertised address, the container's own
	// localhost:7687, instead of the mapped port.
	inst := &Instance{
		URI:      uri,
		User:     "neo4j",
		Password: containerPassword,
		Database: containerDatabase,
		Source:   sourceTestcontainers,
	}
	if err := connect(ctx, inst); err != nil {
		return nil, fmt.Errorf("testcontainers %s at %s: %w", image, uri, err)
	}
	log.Printf("neo4jtest: using testcontainers image %s (container %.12s) at %s, ready in %s",
		image, ctr.GetContainerID(), uri, time.Since(started).Round(100*time.Millisecond))
	return inst, nil
}

// connect opens inst.Driver and waits until the server answers.
func connect(ctx context.Context, inst *Instance) error {
	driver, err := neo4j.NewDriverWithContext(inst.URI, neo4j.BasicAuth(inst.User, inst.Password, ""))
	if err != nil {
		return err
	}
	// The container's wait strategy has already seen Bolt come up, but an
	// external server may still be starting.
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	for {
		err = driver.VerifyConnectivity(ctx)
		if err == nil {
			inst.Driver = driver
			return nil
		}
		// Only a server that is not there yet is worth waiting for; an
		// answer such as a refused password will not change, and retrying
		// it would trip the server's rate limit on failed logins.
		if !neo4j.IsConnectivityError(err) {
			driver.Close(context.Background())
			return err
		}
		select {
		case <-ctx.Done():
			driver.Close(context.Background())
			return err
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// shutdown closes the driver and terminates the container, if any. It runs
// once, from Main or from its signal handler, whichever comes first.
func shutdown() error {
	shutdownOnce.Do(func() { shutdownErr = doShutdown() })
	return shutdownErr
}

func doShutdown() error {
	mu.Lock()
	defer mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var errs []error
	if shared != nil && shared.Driver != nil {
		errs = append(errs, shared.Driver.Close(ctx))
	}
	if container != nil {
		// No grace period: the data is thrown away, and Neo4j 5 spends
		// about 10 s winding down Bolt after a SIGTERM.
		errs = append(errs, container.Terminate(ctx, testcontainers.StopTimeout(0)))
	}
	return errors.Join(errs...)
}

// alive says whether process pid may still exist: only a definite "no such
// process" counts as dead.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return !errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

func hostname() string {
	h, _ := os.Hostname()
	return h
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
