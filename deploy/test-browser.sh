#!/usr/bin/env bash
# test-browser.sh runs the Neo4j Browser test (queries/browser_test.go) the
# way `make test-browser` and .ci/run should: Debian's chromium (installed
# when missing), the local jar-based test server (the one that serves
# Browser; a container image may not) started with deploy/neo4j/browser.conf,
# then `go test -run TestBrowserGuide ./queries/`.
#
# The test empties that server's database: it is the test server (its own
# home and ports), never the one `make run` loads. Screenshots go to
# $DOSSIER_ARTIFACTS (default queries/testdata/artifacts/).
#
# Environment (defaults): TEST_HOME (deploy/neo4j/.home-test), TEST_BOLT_PORT
# (7697), TEST_HTTP_PORT (7484), DOSSIER_TEST_NEO4J_PASSWORD (dossier-test),
# GO (go).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

"$here/browser-deps.sh" >/dev/null

export DOSSIER_NEO4J_HOME="${TEST_HOME:-$here/neo4j/.home-test}"
export NEO4J_BOLT_PORT="${TEST_BOLT_PORT:-7697}" NEO4J_HTTP_PORT="${TEST_HTTP_PORT:-7484}"
export DOSSIER_NEO4J_PASSWORD="${DOSSIER_TEST_NEO4J_PASSWORD:-dossier-test}"
# Appended to the server's conf at start: the guide opens on connect. A test
# server already running without it still passes (the test then opens the
# guide with :guide through localhost, which Browser allows by default).
export DOSSIER_NEO4J_EXTRA_CONF="${DOSSIER_NEO4J_EXTRA_CONF:+$DOSSIER_NEO4J_EXTRA_CONF:}$here/neo4j/browser.conf"
# A server this script starts is stopped when the test ends, however it
# ends (as deploy/with-test-neo4j.sh does); one already running stays.
if ! "$here/neo4j/neo4j.sh" status >/dev/null 2>&1; then
	trap '"$here/neo4j/neo4j.sh" stop' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
fi
"$here/neo4j/neo4j.sh" start
"$here/neo4j/neo4j.sh" wait

export DOSSIER_BROWSER_TEST=1
export DOSSIER_NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT" DOSSIER_NEO4J_USER=neo4j
export DOSSIER_NEO4J_HTTP_URL="http://127.0.0.1:$NEO4J_HTTP_PORT"
cd "$root"
# Not exec: this shell stays to stop the server afterwards.
"${GO:-go}" test -p 1 -count=1 -run '^TestBrowserGuide$' -v ./queries/
