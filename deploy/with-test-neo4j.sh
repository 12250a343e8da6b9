#!/usr/bin/env bash
# Runs a command with a Neo4j for integration tests available:
#   - DOSSIER_NEO4J_URI already set: that server is used as is;
#   - a Docker engine answers: nothing to do, the tests start their own
#     container through testcontainers-go (and stop it when they end);
#   - otherwise: a local test server (deploy/neo4j, its own home and ports,
#     never the one `make run` loads) is started and DOSSIER_NEO4J_URI points
#     to it. A server this script started is stopped when the command ends,
#     however it ends (it holds about 1 GB); one that was already running is
#     left running.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [[ -z "${DOSSIER_NEO4J_URI:-}" ]] && ! docker info >/dev/null 2>&1; then
	export DOSSIER_NEO4J_HOME="${TEST_HOME:-$here/neo4j/.home-test}"
	export NEO4J_BOLT_PORT="${TEST_BOLT_PORT:-7697}" NEO4J_HTTP_PORT="${TEST_HTTP_PORT:-7484}"
	export DOSSIER_NEO4J_PASSWORD="${DOSSIER_TEST_NEO4J_PASSWORD:-dossier-test}"
	if ! "$here/neo4j/neo4j.sh" status >/dev/null 2>&1; then
		trap '"$here/neo4j/neo4j.sh" stop' EXIT
		# An interrupted run exits through the EXIT trap too.
		trap 'exit 130' INT
		trap 'exit 143' TERM
	fi
	"$here/neo4j/neo4j.sh" start
	"$here/neo4j/neo4j.sh" wait
	export DOSSIER_NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT" DOSSIER_NEO4J_USER=neo4j
	echo "integration tests use the local test server at $DOSSIER_NEO4J_URI" >&2
	# Not exec: this shell stays to stop the server afterwards.
	"$@"
	exit
fi
exec "$@"
