#!/usr/bin/env bash
# build.sh: make a local Docker engine answer and give it a "neo4j:5" image
# built from Debian packages and Maven Central jars, because this machine can
# reach package registries but no container registry (nothing can be pulled).
#
# Steps, each skipped when its result already exists:
#   1. engine   install Debian's docker.io (+ mmdebstrap) if missing, start
#               dockerd in the background if `docker info` gets no answer.
#   2. base     a bookworm root file system with openjdk-17-jre-headless, made
#               by mmdebstrap from the machine's own apt sources, cached as a
#               tarball and `docker import`ed as dossier/neo4j-base:<key>.
#   3. home     the Neo4j 5.26 Community jars: deploy/neo4j/neo4j.sh install
#               (Maven Central), only lib/ is used.
#   4. image    `docker build` of this directory's Dockerfile on that base,
#               tagged dossier/neo4j:5 and neo4j:5, labelled with a hash of
#               every input so an unchanged rebuild is skipped.
#
# Usage: deploy/neo4j-image/build.sh        (as root; idempotent)
# Env:   DOSSIER_NEO4J_HOME         Neo4j home to take lib/ from
#                                   (default deploy/neo4j/.home)
#        DOSSIER_IMAGE_CACHE        cache dir (default /var/cache/dossier/neo4j-image)
#        DOSSIER_NEO4J_IMAGE_FORCE=1  retag neo4j:5 even if it is someone
#                                   else's image (e.g. the official one)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${DOSSIER_IMAGE_CACHE:-/var/cache/dossier/neo4j-image}
neo4j_home=${DOSSIER_NEO4J_HOME:-$repo/deploy/neo4j/.home}
suite=bookworm
# bash and coreutils come with the essential set; the JRE is all Neo4j needs.
packages=openjdk-17-jre-headless
base_repo=dossier/neo4j-base
image_tags=(dossier/neo4j:5 neo4j:5)
label_rootfs=dev.dossier.rootfs-key
label_inputs=dev.dossier.neo4j-image-inputs
# The legacy builder: the docker CLI may be newer than Debian's engine and
# lack the buildx plugin that BuildKit mode needs; the legacy builder is
# plenty for this Dockerfile.
export DOCKER_BUILDKIT=0

t0=$SECONDS
step_t=$SECONDS
log() { printf '[neo4j-image %3ss] %s\n' "$((SECONDS - t0))" "$*" >&2; }
step_done() {
	log "$1 done in $((SECONDS - step_t))s"
	step_t=$SECONDS
}
die() {
	log "ERROR: $*"
	exit 1
}

[[ $(id -u) == 0 ]] || die "run as root (installs packages, starts dockerd, runs mmdebstrap)"
mkdir -p "$cache"
# One build at a time (another session's, or CI's, may be under way): the
# second waits, then finds everything done.
exec 9>"$cache/.lock"
flock 9

# ---- 1. engine -------------------------------------------------------------
apt_updated=
apt_install() {
	if [[ -z $apt_updated ]]; then
		apt-get update -qq
		apt_updated=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$cache/apt-install.log" 2>&1 ||
		{ tail -20 "$cache/apt-install.log" >&2; die "apt-get install $* failed"; }
}

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if ((${#missing[@]})); then
	log "installing ${missing[*]}"
	apt_install "${missing[@]}"
fi
command -v docker >/dev/null || die "docker.io installed no docker client"

if ! docker info >/dev/null 2>&1; then
	# No systemd here (and the package's postinst may not start the service),
	# so run the daemon directly; it outlives this script on purpose, for the
	# tests that follow.
	log "starting dockerd (log: $cache/dockerd.log)"
	# /run is not a tmpfs on these machines: a pid file from a daemon that
	# died with an earlier session would make dockerd refuse to start.
	pidfile=/var/run/docker.pid
	if [[ -f $pidfile ]] && ! grep -qs dockerd "/proc/$(cat "$pidfile")/comm"; then
		rm -f "$pidfile"
	fi
	# 9>&-: the daemon must not keep holding the build lock.
	setsid nohup dockerd >"$cache/dockerd.log" 2>&1 </dev/null 9>&- &
	for _ in $(seq 1 60); do
		docker info >/dev/null 2>&1 && break
		sleep 1
	done
	docker info >/dev/null 2>&1 || { tail -20 "$cache/dockerd.log" >&2; die "dockerd did not answer within 60s"; }
fi
step_done "engine ($(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}'))"

# ---- 2. base root file system ----------------------------------------------
# apt_sources prints, in one-line format, the machine's own deb entries for
# $suite (and $suite-updates, $suite-security), read from both sources.list
# styles. Third-party entries for other suites are left out, and so the image
# is built from whatever mirror this machine is set up with: no host name is
# ever written in the repository.
apt_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -f $f ]] || continue
		awk -v suite="$suite" '
			$1 == "deb" {
				i = 2
				if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
				s = $(i + 1)
				if (s == suite || index(s, suite "-") == 1 || index(s, suite "/") == 1) print
			}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -f $f ]] || continue
		# deb822: blank-line separated stanzas; continuation lines (inline
		# keys) start with a space and are skipped, so only a Signed-By that
		# names a file is kept.
		awk -v suite="$suite" '
			function flush(   n, u, s, i, j, opts) {
				if (types ~ /(^| )deb( |$)/ && tolower(enabled) != "no" && uris != "") {
					opts = (signed != "" && signed !~ /BEGIN/) ? "[signed-by=" signed "] " : ""
					n = split(uris, u, " "); m = split(suites, s, " ")
					for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
						if (s[j] == suite || index(s[j], suite "-") == 1)
							print "deb " opts u[i] " " s[j] " " comps
				}
				types = uris = suites = comps = signed = enabled = ""
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			/^[ \t]/ { next }
			{
				key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
				if (key == "types") types = val
				else if (key == "uris") uris = val
				else if (key == "suites") suites = val
				else if (key == "components") comps = val
				else if (key == "signed-by") signed = val
				else if (key == "enabled") enabled = val
			}
			END { flush() }' "$f"
	done
}

# Proxy and validity settings the machine's apt needs to reach its mirror
# (e.g. a snapshot mirror with expired Release files), passed on to the apt
# that mmdebstrap runs.
apt_opts() {
	apt-config dump 2>/dev/null |
		grep -E '^Acquire::(https?::Proxy|Check-Valid-Until|Check-Date) ' || true
}

sources=$(apt_sources)
[[ -n $sources ]] || die "no deb entry for $suite in /etc/apt/sources.list{,.d}"
aptopts=$(apt_opts)
arch=$(dpkg --print-architecture)
# Bump the leading version when the recipe below changes meaning.
rootfs_key=$(printf 'recipe=2\nsuite=%s\narch=%s\npackages=%s\n%s\n%s\n' \
	"$suite" "$arch" "$packages" "$sources" "$aptopts" | sha256sum | cut -c1-64)
base_image=$base_repo:${rootfs_key:0:12}
tarball=$cache/rootfs-${rootfs_key:0:12}.tar

have_label() { # image label value
	[[ $(docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null) == "$3" ]]
}

if have_label "$base_image" "$label_rootfs" "$rootfs_key"; then
	log "base image $base_image present"
else
	if [[ ! -s $tarball ]]; then
		log "mmdebstrap $suite + $packages from the machine's apt sources -> $tarball"
		aptopt_args=()
		if [[ -n $aptopts ]]; then
			printf '%s\n' "$aptopts" >"$cache/aptopts.conf"
			aptopt_args=(--aptopt="$cache/aptopts.conf")
		fi
		printf '%s\n' "$sources" >"$cache/sources.list"
		# Docs, man pages and locales are dropped (smaller, quicker import),
		# but man1 must exist: the JRE's postinst registers its man page
		# with update-alternatives and fails without the directory. The apt
		# settings are removed from the result because they may carry this
		# machine's proxy, and the image never runs apt.
		mmdebstrap --variant=essential --include="$packages" --format=tar \
			"${aptopt_args[@]}" \
			--setup-hook='mkdir -p "$1"/usr/share/man/man1' \
			--dpkgopt='path-exclude=/usr/share/man/*' \
			--dpkgopt='path-exclude=/usr/share/locale/*' \
			--dpkgopt='path-include=/usr/share/locale/locale.alias' \
			--dpkgopt='path-exclude=/usr/share/doc/*' \
			--dpkgopt='path-include=/usr/share/doc/*/copyright' \
			--customize-hook='rm -f "$1"/etc/apt/apt.conf.d/99mmdebstrap "$1"/etc/resolv.conf "$1"/etc/hostname; rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
			--quiet "$suite" "$tarball.part" "$cache/sources.list" 2>"$cache/mmdebstrap.log" ||
			{
				rm -f "$tarball.part"
				tail -30 "$cache/mmdebstrap.log" >&2
				die "mmdebstrap failed (log: $cache/mmdebstrap.log)"
			}
		mv "$tarball.part" "$tarball"
		# Older tarballs from other keys are of no further use.
		find "$cache" -maxdepth 1 -name 'rootfs-*.tar' ! -name "${tarball##*/}" -delete
		step_done "rootfs ($(du -h "$tarball" | cut -f1))"
	else
		log "cached rootfs tarball $tarball"
	fi
	docker import \
		--change "LABEL $label_rootfs=$rootfs_key" \
		--change 'ENV LANG=C.UTF-8' \
		--change 'CMD ["/bin/bash"]' \
		"$tarball" "$base_image" >/dev/null
fi
step_done "base image $base_image"

# ---- 3. Neo4j home -----------------------------------------------------------
# Always asked: install is ~30 ms when nothing changed, and it rebuilds lib/
# when deploy/neo4j/pom.xml changed (a new Neo4j version), which a mere
# "are there jars" check would miss.
if [[ -x $repo/deploy/neo4j/neo4j.sh ]]; then
	DOSSIER_NEO4J_HOME=$neo4j_home "$repo/deploy/neo4j/neo4j.sh" install >"$cache/neo4j-install.log" 2>&1 ||
		{ tail -20 "$cache/neo4j-install.log" >&2; die "deploy/neo4j/neo4j.sh install failed"; }
fi
compgen -G "$neo4j_home/lib/neo4j-*.jar" >/dev/null || die "no Neo4j jars in $neo4j_home/lib"
step_done "neo4j home $neo4j_home ($(find "$neo4j_home/lib" -name '*.jar' | wc -l) jars)"

# ---- 4. image ----------------------------------------------------------------
# The inputs hash covers the base, the recipe files here, and each jar's name
# and size (versions are in the names; hashing ~150 MB of jars on every run
# would cost more than it saves).
inputs=$({
	echo "base=$rootfs_key"
	cd "$here" && sha256sum Dockerfile docker-entrypoint.sh neo4j.conf
	cd "$neo4j_home/lib" && find . -name '*.jar' -printf '%P %s\n' | LC_ALL=C sort
} | sha256sum | cut -c1-64)

# foreign_tag: neo4j:5 exists but is not ours, e.g. the official image pulled
# by a developer with Docker Hub access; replacing it silently would change
# what their tests run against.
foreign_tag() {
	docker image inspect neo4j:5 >/dev/null 2>&1 &&
		[[ -z $(docker image inspect --format "{{ index .Config.Labels \"$label_inputs\" }}" neo4j:5) ]] &&
		[[ ${DOSSIER_NEO4J_IMAGE_FORCE:-} != 1 ]]
}

if have_label dossier/neo4j:5 "$label_inputs" "$inputs"; then
	log "image dossier/neo4j:5 up to date (inputs ${inputs:0:12})"
else
	ctx=$(mktemp -d "$cache/context.XXXXXX")
	trap 'rm -rf "$ctx"' EXIT
	cp "$here"/{Dockerfile,docker-entrypoint.sh,neo4j.conf} "$ctx/"
	chmod 755 "$ctx/docker-entrypoint.sh" # whatever the checkout's umask did
	# Hard links when on the same file system: no copy of the jars.
	cp -al "$neo4j_home/lib" "$ctx/lib" 2>/dev/null || cp -a "$neo4j_home/lib" "$ctx/lib"
	log "docker build (inputs ${inputs:0:12})"
	docker build \
		--build-arg "BASE=$base_image" \
		--label "$label_inputs=$inputs" \
		-t dossier/neo4j:5 "$ctx" >"$cache/docker-build.log" 2>&1 ||
		{ tail -30 "$cache/docker-build.log" >&2; die "docker build failed (log: $cache/docker-build.log)"; }
fi
if foreign_tag; then
	log "neo4j:5 exists and is not built here (official image?): left as is; tests can use DOSSIER_NEO4J_IMAGE=dossier/neo4j:5"
else
	docker tag dossier/neo4j:5 neo4j:5
fi
# Earlier builds, now untagged (after the retag, which frees the last one).
docker image prune -f --filter "label=$label_inputs" >/dev/null || true
step_done "image ${image_tags[*]}"
log "total $((SECONDS - t0))s"
