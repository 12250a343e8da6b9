#!/usr/bin/env bash
# Local Neo4j Community 5.26 server built from Maven Central jars (see README.md).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"
CONF_TEMPLATE="$SCRIPT_DIR/conf/neo4j.conf"
MAIN_CLASS=org.neo4j.server.CommunityEntryPoint
# The admin tool itself, not the neo4j-admin launcher
# (org.neo4j.server.startup.Neo4jAdminCommand), which starts it in a second
# JVM and would pass it the @FILE arguments expanded, on a command line.
ADMIN_CLASS=org.neo4j.cli.AdminTool
DEFAULT_PASSWORD=dossier-local

NEO4J_HOME_DIR="${DOSSIER_NEO4J_HOME:-$SCRIPT_DIR/.home}"
BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
HTTP_PORT="${NEO4J_HTTP_PORT:-7474}"
PASSWORD="${DOSSIER_NEO4J_PASSWORD:-$DEFAULT_PASSWORD}"
HEAP_MAX="${DOSSIER_NEO4J_HEAP_MAX:-1g}"
PAGECACHE="${DOSSIER_NEO4J_PAGECACHE:-256m}"
EXTRA_CONF="${DOSSIER_NEO4J_EXTRA_CONF:-}"
WAIT_TIMEOUT="${DOSSIER_NEO4J_WAIT_TIMEOUT:-120}"
STOP_TIMEOUT="${DOSSIER_NEO4J_STOP_TIMEOUT:-120}"

usage() {
  cat <<EOF
Usage: $(basename "$0") COMMAND

Runs a local Neo4j Community server (jars from Maven Central, no Docker).

Commands:
  install   install java/maven if missing, build <home>/lib (only when pom.xml
            changed), render <home>/conf/neo4j.conf, set the initial password
  start     install, then start the server in the background
  wait      block until Bolt and HTTP answer (timeout ${WAIT_TIMEOUT}s)
  stop      stop the server (SIGTERM, clean shutdown)
  status    running or not, pid, ports, home
  console   install, then run the server in the foreground
  password  say which user/password this home uses (never prints a custom one)

Environment (defaults):
  DOSSIER_NEO4J_HOME        $SCRIPT_DIR/.home
  NEO4J_BOLT_PORT           7687
  NEO4J_HTTP_PORT           7474
  DOSSIER_NEO4J_PASSWORD    $DEFAULT_PASSWORD (>= 8 chars; only applied before the first start)
  DOSSIER_NEO4J_HEAP_MAX    1g
  DOSSIER_NEO4J_PAGECACHE   256m
  DOSSIER_NEO4J_EXTRA_CONF  ':'-separated conf files appended to neo4j.conf
  DOSSIER_NEO4J_WAIT_TIMEOUT / DOSSIER_NEO4J_STOP_TIMEOUT  seconds (120)
EOF
}

log() { echo "neo4j.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# The home may be given relative; java and the pid checks need it absolute.
mkdir -p "$NEO4J_HOME_DIR"
NEO4J_HOME_DIR="$(cd "$NEO4J_HOME_DIR" && pwd)"
LIB="$NEO4J_HOME_DIR/lib"
CONF_DIR="$NEO4J_HOME_DIR/conf"
LOGS="$NEO4J_HOME_DIR/logs"
PID_FILE="$NEO4J_HOME_DIR/run/neo4j.pid"
CONSOLE_LOG="$LOGS/console.log"
POM_STAMP="$NEO4J_HOME_DIR/.pom.sha256"
PASSWORD_STAMP="$NEO4J_HOME_DIR/.initial-password.sha256"

sha() { sha256sum | cut -d' ' -f1; }

# password_stamp [salt]: "salt:sha256(salt password)", a fresh random salt
# when none is given. It tells whether the home was initialised with the
# password now configured without keeping the password.
password_stamp() {
  local salt="${1:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  printf '%s:%s' "$salt" "$(printf '%s%s' "$salt" "$PASSWORD" | sha)"
}

# stamp_matches: the stamp was made from the configured password. A stamp
# of an older neo4j.sh (unsalted) is compared as such, then rewritten.
stamp_matches() {
  [[ -f "$PASSWORD_STAMP" ]] || return 1
  local stamp
  stamp="$(cat "$PASSWORD_STAMP")"
  if [[ "$stamp" == *:* ]]; then
    [[ "$stamp" == "$(password_stamp "${stamp%%:*}")" ]]
  elif [[ "$stamp" == "$(printf '%s' "$PASSWORD" | sha)" ]]; then
    write_stamp
  else
    return 1
  fi
}

write_stamp() {
  (umask 077 && password_stamp >"$PASSWORD_STAMP")
  chmod 600 "$PASSWORD_STAMP"
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java || true
  fi
}

apt_install() {
  command -v apt-get >/dev/null || die "$* missing and apt-get not available; install it by hand"
  log "installing $* with apt-get"
  # An empty package list means apt-get update has never run on this box.
  if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_tools() {
  [[ -n "$(java_bin)" ]] || apt_install openjdk-17-jre-headless
  # Maven is only needed when lib/ has to be (re)built.
  if ! lib_is_current; then
    command -v mvn >/dev/null || apt_install maven
  fi
}

lib_is_current() {
  [[ -d "$LIB" && -f "$POM_STAMP" && "$(cat "$POM_STAMP")" == "$(sha <"$POM")" ]]
}

build_lib() {
  if lib_is_current; then
    return
  fi
  log "building $LIB from $POM (Maven; first time downloads ~140 MB)"
  local tmp="$LIB.tmp"
  rm -rf "$tmp"
  # Built aside and swapped in, so a failed download never leaves a half lib/.
  # Maven's own output only matters when it fails.
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" >"$NEO4J_HOME_DIR/maven.log" 2>&1; then
    tail -n 30 "$NEO4J_HOME_DIR/maven.log" >&2
    die "maven failed to build lib/ (full output: $NEO4J_HOME_DIR/maven.log)"
  fi
  rm -rf "$LIB"
  mv "$tmp" "$LIB"
  sha <"$POM" >"$POM_STAMP"
  log "lib/ ready: $(find "$LIB" -name '*.jar' | wc -l) jars"
}

# Template + extra files, tokens filled in; for a repeated key the last
# value wins (except server.jvm.additional), since Neo4j rejects duplicates.
render_conf() {
  local sources=("$CONF_TEMPLATE") f
  if [[ -n "$EXTRA_CONF" ]]; then
    local IFS=:
    for f in $EXTRA_CONF; do
      [[ -f "$f" ]] || die "DOSSIER_NEO4J_EXTRA_CONF file not found: $f"
      sources+=("$f")
    done
  fi
  mkdir -p "$CONF_DIR"
  cat "${sources[@]}" \
    | sed -e "s/@BOLT_PORT@/$BOLT_PORT/g" -e "s/@HTTP_PORT@/$HTTP_PORT/g" \
          -e "s/@HEAP_MAX@/$HEAP_MAX/g" -e "s/@PAGECACHE@/$PAGECACHE/g" \
    | awk '
        function key(line,  k) {
          if (line ~ /^[ \t]*#/ || line !~ /=/) return ""
          k = line; sub(/=.*/, "", k); gsub(/[ \t]/, "", k)
          return k == "server.jvm.additional" ? "" : k
        }
        { lines[NR] = $0; k = key($0); if (k != "") last[k] = NR }
        END { for (i = 1; i <= NR; i++) { k = key(lines[i]); if (k == "" || last[k] == i) print lines[i] } }
      ' >"$CONF_DIR/neo4j.conf.tmp"
  mv "$CONF_DIR/neo4j.conf.tmp" "$CONF_DIR/neo4j.conf"
}

conf_values() { # all values of a key in the rendered conf, one a line
  sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$CONF_DIR/neo4j.conf"
}

# The same JVM the official launcher would fork: heap from the conf's
# server.memory.heap.* and every server.jvm.additional line.
java_command() { # fills the global array JAVA_CMD
  local xms xmx line
  xms="$(conf_values server.memory.heap.initial_size | tail -n1)"
  xmx="$(conf_values server.memory.heap.max_size | tail -n1)"
  JAVA_CMD=("$(java_bin)")
  [[ -n "$xms" ]] && JAVA_CMD+=("-Xms$xms")
  [[ -n "$xmx" ]] && JAVA_CMD+=("-Xmx$xmx")
  while IFS= read -r line; do
    [[ -n "$line" ]] && JAVA_CMD+=("$line")
  done < <(conf_values server.jvm.additional)
  JAVA_CMD+=(-Dfile.encoding=UTF-8
    -cp "$NEO4J_HOME_DIR/plugins/*:$CONF_DIR/*:$LIB/*"
    "$MAIN_CLASS" "--home-dir=$NEO4J_HOME_DIR" "--config-dir=$CONF_DIR")
}

# neo4j-admin dbms set-initial-password, run by the admin tool the
# distribution's bin/neo4j-admin launches. It writes data/dbms/auth.ini, which
# the server turns into the neo4j user on its first start only. The
# password goes in an argument file (@FILE, which the admin tool's picocli
# reads), never on a command line that ps shows; the file, auth.ini and the
# stamp are readable by their owner only.
set_initial_password() {
  local f
  for f in "$NEO4J_HOME_DIR/data/dbms/auth.ini" "$PASSWORD_STAMP"; do
    if [[ -f "$f" ]]; then chmod 600 "$f"; fi # left readable by an older neo4j.sh
  done
  if [[ -d "$NEO4J_HOME_DIR/data/databases/system" ]]; then
    if [[ -f "$PASSWORD_STAMP" ]] && ! stamp_matches; then
      log "warning: this home was initialised with another password; DOSSIER_NEO4J_PASSWORD is ignored."
      log "  change it in Cypher (ALTER CURRENT USER SET PASSWORD FROM ... TO ...), or stop and delete $NEO4J_HOME_DIR/data"
    fi
    return
  fi
  if [[ -f "$NEO4J_HOME_DIR/data/dbms/auth.ini" ]] && stamp_matches; then
    return
  fi
  log "setting the initial password of user neo4j"
  local argfile quoted
  argfile="$(umask 077 && mktemp "$NEO4J_HOME_DIR/run/.password.XXXXXX")"
  # picocli's argument file syntax: one argument in double quotes, with \
  # and " escaped.
  quoted="${PASSWORD//\\/\\\\}"
  quoted="${quoted//\"/\\\"}"
  printf '"%s"\n' "$quoted" >"$argfile"
  NEO4J_HOME="$NEO4J_HOME_DIR" NEO4J_CONF="$CONF_DIR" \
    "$(java_bin)" -cp "$LIB/*" "$ADMIN_CLASS" dbms set-initial-password "@$argfile" >/dev/null \
    || { rm -f "$argfile"; die "neo4j-admin dbms set-initial-password failed"; }
  rm -f "$argfile"
  chmod 700 "$NEO4J_HOME_DIR/data/dbms"
  chmod 600 "$NEO4J_HOME_DIR/data/dbms/auth.ini"
  write_stamp
}

cmd_install() {
  (( ${#PASSWORD} >= 8 )) || die "DOSSIER_NEO4J_PASSWORD must have at least 8 characters (Neo4j 5 rule)"
  [[ "$BOLT_PORT" =~ ^[0-9]+$ && "$HTTP_PORT" =~ ^[0-9]+$ ]] || die "ports must be numbers"
  [[ "$BOLT_PORT" != "$HTTP_PORT" ]] || die "NEO4J_BOLT_PORT and NEO4J_HTTP_PORT must differ"
  ensure_tools
  build_lib
  mkdir -p "$NEO4J_HOME_DIR"/{data,logs,run,import,plugins}
  render_conf
  set_initial_password
}

running_pid() { # prints the pid if this home's server runs
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # Guard against a recycled pid: it must be our main class on our home.
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$MAIN_CLASS --home-dir=$NEO4J_HOME_DIR " || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_ports_free() {
  local p
  for p in "$BOLT_PORT" "$HTTP_PORT"; do
    ! port_open "$p" || die "port $p on 127.0.0.1 is already taken by another process; pick other NEO4J_BOLT_PORT/NEO4J_HTTP_PORT"
  done
}

# What the last start wrote, less stack frames: enough to see why it failed.
show_log_tail() {
  if [[ -s "$CONSOLE_LOG" ]]; then
    log "--- $CONSOLE_LOG (JVM output since the last start) ---"
    awk '/ starting: /{buf = ""; next} {buf = buf $0 "\n"} END {printf "%s", buf}' "$CONSOLE_LOG" \
      | grep -v -E '^[[:space:]]+(at |\.\.\. )' | tail -n 15 >&2 || true
  fi
  since_start "$LOGS/neo4j.log" .
  since_start "$LOGS/debug.log" ' (WARN|ERROR) '
}

since_start() { # file, pattern
  [[ -s "$1" ]] || return 0
  local mark lines
  mark="$(cat "$NEO4J_HOME_DIR/run/started-at" 2>/dev/null || true)"
  lines="$(awk -v m="$mark" '/^[0-9][0-9][0-9][0-9]-/ {keep = substr($0, 1, 19) >= m} keep' "$1" \
    | grep -v -E '^[[:space:]]+(at |\.\.\. )' | grep -E -- "$2" | tail -n 10 || true)"
  [[ -n "$lines" ]] && { log "--- $1 (since the last start) ---"; echo "$lines" >&2; }
  return 0
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid, bolt 127.0.0.1:$BOLT_PORT, http 127.0.0.1:$HTTP_PORT)"
    return
  fi
  cmd_install
  check_ports_free
  java_command
  date -u '+%F %T' >"$NEO4J_HOME_DIR/run/started-at"
  echo "$(date -u +%FT%TZ) starting: ${JAVA_CMD[*]}" >>"$CONSOLE_LOG"
  NEO4J_HOME="$NEO4J_HOME_DIR" NEO4J_CONF="$CONF_DIR" \
    nohup "${JAVA_CMD[@]}" >>"$CONSOLE_LOG" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  sleep 1
  if ! kill -0 "$pid" 2>/dev/null; then
    show_log_tail
    die "server exited right after start"
  fi
  log "started (pid $pid, bolt 127.0.0.1:$BOLT_PORT, http 127.0.0.1:$HTTP_PORT, home $NEO4J_HOME_DIR); run '$0 wait' to block until ready"
}

http_ready() { # discovery document answers 200 once the databases are up
  curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$HTTP_PORT/"
}

cmd_wait() {
  local deadline=$((SECONDS + WAIT_TIMEOUT))
  while (( SECONDS < deadline )); do
    if ! running_pid >/dev/null; then
      show_log_tail
      die "server is not running (home $NEO4J_HOME_DIR)"
    fi
    if port_open "$BOLT_PORT" && http_ready; then
      log "ready: bolt://127.0.0.1:$BOLT_PORT  http://127.0.0.1:$HTTP_PORT/browser/"
      return
    fi
    sleep 1
  done
  show_log_tail
  die "not ready after ${WAIT_TIMEOUT}s (bolt 127.0.0.1:$BOLT_PORT, http 127.0.0.1:$HTTP_PORT)"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    log "not running (home $NEO4J_HOME_DIR)"
    rm -f "$PID_FILE"
    return
  fi
  log "stopping pid $pid"
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      log "warning: no clean shutdown after ${STOP_TIMEOUT}s, killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
  done
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running  pid=$pid  bolt=127.0.0.1:$BOLT_PORT  http=127.0.0.1:$HTTP_PORT  home=$NEO4J_HOME_DIR"
  else
    echo "stopped  bolt=127.0.0.1:$BOLT_PORT  http=127.0.0.1:$HTTP_PORT  home=$NEO4J_HOME_DIR"
    return 3
  fi
}

cmd_console() {
  local pid
  if pid="$(running_pid)"; then
    die "already running in the background (pid $pid); stop it first"
  fi
  cmd_install
  check_ports_free
  java_command
  echo "$$" >"$PID_FILE" # exec keeps this pid
  date -u '+%F %T' >"$NEO4J_HOME_DIR/run/started-at"
  # --console-mode keeps neo4j.log's console appender, so the log shows here too.
  NEO4J_HOME="$NEO4J_HOME_DIR" NEO4J_CONF="$CONF_DIR" exec "${JAVA_CMD[@]}" --console-mode
}

cmd_password() {
  if [[ "$PASSWORD" != "$DEFAULT_PASSWORD" ]]; then
    echo "user neo4j, password from DOSSIER_NEO4J_PASSWORD (not shown)"
  else
    echo "user neo4j, password $DEFAULT_PASSWORD (the default; set DOSSIER_NEO4J_PASSWORD to change)"
  fi
  if [[ -d "$NEO4J_HOME_DIR/data/databases/system" ]]; then
    echo "note: applied at this home's first start only; later changes go through Cypher"
  fi
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  wait) cmd_wait ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  console) cmd_console ;;
  password) cmd_password ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
