#!/usr/bin/env bash
# ci-setup.sh: what CI runs before the Go tests so that they get their Neo4j
# through testcontainers-go: a running Docker engine and a neo4j:5 image
# (built here by build.sh, since no registry image can be pulled). Exports
# nothing; the caller sets DOSSIER_REQUIRE_TESTCONTAINERS=1 for `go test` so
# that a run without testcontainers fails instead of skipping.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

"$here/build.sh"
# What the tests will ask the engine for.
image=${DOSSIER_NEO4J_IMAGE:-neo4j:5}
docker image inspect "$image" >/dev/null 2>&1 || { echo "ci-setup: no image $image" >&2; exit 1; }
echo "ci-setup: Docker engine $(docker version --format '{{.Server.Version}}') answers; image $image ready" >&2
