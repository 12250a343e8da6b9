#!/bin/bash
# Entrypoint of the locally built neo4j:5 image. It takes the same inputs as
# the official image's, for the parts Dossier and testcontainers-go use:
#   NEO4J_AUTH   none              authentication off
#                neo4j/<password>  initial password set before the first start
#                                  (neo4j/<password>/true: change required)
#                unset             refused (no server starts with a known password)
#   NEO4J_<key>  any setting: "_" stands for ".", "__" for "_", e.g.
#                NEO4J_server_memory_heap_max__size=1g sets
#                server.memory.heap.max_size=1g; a value of several lines gives
#                one setting line each (server.jvm.additional).
# Neo4j runs in the foreground, in console mode, so its user log, with the
# readiness line "Bolt enabled on 0.0.0.0:7687.", goes to stdout.
# Any other command (e.g. bash) is run as is, after the configuration.
set -euo pipefail

home=${NEO4J_HOME:-/var/lib/neo4j}
conf_dir=$home/conf
conf=$conf_dir/neo4j.conf

# A fresh copy at every start, so that a restarted container does not apply
# its environment twice.
cp /etc/neo4j-image/neo4j.conf "$conf"

# set_setting key value: replace every line of key with the value's lines.
set_setting() {
	local key=$1 value=$2 line
	awk -v k="$key=" 'index($0, k) != 1' "$conf" >"$conf.tmp"
	while IFS= read -r line || [[ -n $line ]]; do
		printf '%s=%s\n' "$key" "$line" >>"$conf.tmp"
	done <<<"$value"
	mv "$conf.tmp" "$conf"
}

# setting_values key: the values of key in the configuration, one a line.
setting_values() {
	awk -v k="$1=" 'index($0, k) == 1 { print substr($0, length(k) + 1) }' "$conf"
}

for name in $(compgen -e); do
	case $name in
	NEO4J_AUTH | NEO4J_HOME | NEO4J_CONF | NEO4J_EDITION | NEO4J_DEBUG | NEO4J_PLUGINS | \
		NEO4J_ACCEPT_LICENSE_AGREEMENT | NEO4J_SHA256 | NEO4J_TARBALL) continue ;;
	NEO4J_?*) ;;
	*) continue ;;
	esac
	key=${name#NEO4J_}
	key=${key//__/$'\x01'}
	key=${key//_/.}
	key=${key//$'\x01'/_}
	set_setting "$key" "${!name}"
done

admin() {
	java -XX:TieredStopAtLevel=1 -Xmx128m -cp "$home/lib/*" \
		-Dlog4j2.disable.jmx=true org.neo4j.cli.AdminTool "$@"
}

cmd=${1:-neo4j}
auth=${NEO4J_AUTH-}
case $auth in
"")
	# Neo4j's own default would be neo4j/neo4j: a password everyone knows.
	# (The image build's class archive run turns auth off by itself.)
	if [[ $cmd == neo4j ]]; then
		echo "NEO4J_AUTH is unset: set it to neo4j/<password> (8 characters or more) or to none" >&2
		exit 1
	fi
	;;
none) set_setting dbms.security.auth_enabled false ;;
*/*)
	user=${auth%%/*}
	password=${auth#*/}
	change=()
	if [[ $password == */true ]]; then
		password=${password%/true}
		change=(--require-password-change)
	fi
	if [[ $user != neo4j ]]; then
		echo "NEO4J_AUTH: the user can only be neo4j, not '$user'" >&2
		exit 1
	fi
	if [[ $password == neo4j ]]; then
		echo "NEO4J_AUTH: the password cannot be 'neo4j'" >&2
		exit 1
	fi
	set_setting dbms.security.auth_enabled true
	# Only takes effect before the system database first starts, as in the
	# official image; on an existing store it changes nothing. The password
	# goes in an argument file (@FILE, read by the admin tool's picocli),
	# never on a command line that ps shows: one argument in double quotes,
	# \ and " escaped.
	argfile=$(umask 077 && mktemp)
	quoted=${password//\\/\\\\}
	quoted=${quoted//\"/\\\"}
	printf '"%s"\n' "$quoted" >"$argfile"
	status=0
	NEO4J_CONF=$conf_dir admin dbms set-initial-password "${change[@]}" "@$argfile" || status=$?
	rm -f "$argfile"
	unset password quoted NEO4J_AUTH
	((status == 0)) || exit "$status"
	chmod 600 /data/dbms/auth.ini 2>/dev/null || true
	;;
*)
	echo "NEO4J_AUTH must be 'none' or 'neo4j/<password>', not '$auth'" >&2
	exit 1
	;;
esac

if [[ $cmd != neo4j && $cmd != dump-class-archive ]]; then
	exec "$@"
fi

# What Neo4j's launcher would derive from the configuration: heap sizes and
# extra JVM options.
jvm=()
heap=$(setting_values server.memory.heap.initial_size | tail -n1)
[[ -n $heap ]] && jvm+=("-Xms$heap")
heap=$(setting_values server.memory.heap.max_size | tail -n1)
[[ -n $heap ]] && jvm+=("-Xmx$heap")
while IFS= read -r opt; do
	[[ -n $opt ]] && jvm+=("$opt")
done < <(setting_values server.jvm.additional)
server=(-cp "$home/plugins/*:$conf_dir/*:$home/lib/*" org.neo4j.server.CommunityEntryPoint
	--home-dir="$home" --config-dir="$conf_dir" --console-mode)

# A class data sharing archive of the classes a start loads, made once at
# image build time: it roughly halves the CPU a start costs (about 10 s of
# CPU without it on this machine), which counts when every test binary
# starts its own server on two shared cores. Java ignores it, with a
# warning, when the class path no longer matches (e.g. jars in plugins/).
archive=$home/cds/neo4j.jsa

if [[ $cmd == dump-class-archive ]]; then
	# Start once with auth off, let Java write the archive at exit, then
	# leave no trace of that run in the image.
	set_setting dbms.security.auth_enabled false
	out=$(mktemp)
	java "${jvm[@]}" -XX:ArchiveClassesAtExit="$archive" "${server[@]}" >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 1 600); do
		grep -q 'Started\.' "$out" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	grep -q 'Started\.' "$out" || { cat "$out" >&2; exit 1; }
	kill -TERM "$pid"
	wait "$pid" || true
	rm -rf "$out" /data/* /logs/*
	[[ -s $archive ]] || { echo "no class archive written" >&2; exit 1; }
	exit 0
fi

[[ -r $archive ]] && jvm+=("-XX:SharedArchiveFile=$archive")
exec java "${jvm[@]}" "${server[@]}"
