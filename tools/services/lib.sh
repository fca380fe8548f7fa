# shellcheck shell=bash
# Shared by the service scripts in this folder; sourced, never run.
# Every service binds 127.0.0.1 only and keeps its files outside the repository.

MESH_CACHE_DIR="${MESH_CACHE_DIR:-${HOME}/.cache/meshkit}"
MESH_STATE_DIR="${MESH_STATE_DIR:-${MESH_CACHE_DIR}/state}"

die() {
  echo "$SERVICE: $*" >&2
  exit 1
}

say() {
  echo "$SERVICE: $*"
}

need_command() {
  # $1 = command, $2 = what it is for and how to get it
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not on PATH; $2"
}

# True when $1 names a live process.
pid_alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null
}

# Pid recorded in $PID_FILE, if that process is still alive and its command line contains
# $PID_MATCH (a pid file left by a crash may name an unrelated process by now); empty otherwise.
running_pid() {
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$PID_MATCH"; then
    echo "$pid"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Serialises start/stop/reset of one service, so two test runs starting at once
# do not launch two servers on the same port.
take_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  if ! flock -w 300 9; then
    die "another start/stop still holds $STATE_DIR/.lock after 300 s"
  fi
}

# Ends the process in $PID_FILE: SIGTERM, up to $1 seconds for a clean exit, then SIGKILL.
stop_pid() {
  local grace="$1" pid waited=0
  pid="$(running_pid)"
  if [ -z "$pid" ]; then
    rm -f "$PID_FILE"
    say "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while pid_alive "$pid" && [ "$waited" -lt "$((grace * 5))" ]; do
    sleep 0.2
    waited=$((waited + 1))
  done
  if pid_alive "$pid"; then
    say "did not stop within ${grace} s, killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PID_FILE"
  say "stopped (pid $pid)"
}

# Test runs share one server per service. A run passes MESH_SERVICE_LEASE=<its pid> to start
# and calls 'release <pid>' when done; a server launched for tests is stopped by the last run
# to release it. A server started by hand (no lease) is never stopped by a test run.
record_start() {
  # $1 = yes when this call launched the server
  local lease="${MESH_SERVICE_LEASE:-}"
  if [ -z "$lease" ]; then
    rm -f "$STATE_DIR/started-for-tests"
    return 0
  fi
  [[ "$lease" =~ ^[0-9]+$ ]] || die "MESH_SERVICE_LEASE=\"$lease\" must be the pid of the test run"
  mkdir -p "$STATE_DIR/leases"
  : >"$STATE_DIR/leases/$lease"
  if [ "$1" = yes ]; then touch "$STATE_DIR/started-for-tests"; fi
}

release() {
  # $1 = the lease (pid) given to start; $2 = seconds of grace for stop
  local lease="${1:-}" live=0 f
  [[ "$lease" =~ ^[0-9]+$ ]] || die "usage: release <pid>: the MESH_SERVICE_LEASE given to start"
  take_lock
  rm -f "$STATE_DIR/leases/$lease"
  for f in "$STATE_DIR"/leases/*; do
    [ -e "$f" ] || continue
    # A run that crashed never released: its lease goes with it.
    if pid_alive "$(basename "$f")"; then live=$((live + 1)); else rm -f "$f"; fi
  done
  if [ ! -f "$STATE_DIR/started-for-tests" ]; then
    say "released; left as it was (not started for tests)"
  elif [ "$live" -gt 0 ]; then
    say "released; left running for $live other test run(s)"
  else
    rm -f "$STATE_DIR/started-for-tests"
    stop_pid "$2"
  fi
}

# A stop by hand ends the server whoever started it; leases of running tests go with it.
forget_leases() {
  rm -rf "$STATE_DIR/leases" "$STATE_DIR/started-for-tests"
}

now_ms() {
  date +%s%3N
}

# Starting and reporting are the same for every service; each script defines:
#   ADDRESS          where the service answers, for messages (127.0.0.1:39092, http://...)
#   PORT_VARIABLE    the environment variable that moves it to another port
#   TIMEOUT_VARIABLE the environment variable that raises START_TIMEOUT
#   STOP_GRACE       seconds a stop waits for a clean exit
#   POLL             seconds between readiness checks
#   answers          function: true when the service itself answers on $PORT
#   launch           function: prepares and starts the server in the background, setsid'd,
#                    and sets LAUNCHED_PID and LAUNCHED_WHAT (e.g. "Kafka 4.1.1")
#   FAILURE_LOGS     files whose tail explains a failed start-up

# Starts the service, or finds it already running (ours, or one started some other way).
service_start() {
  take_lock
  local pid started launched=no
  started="$(now_ms)"
  pid="$(running_pid)"
  if [ -n "$pid" ] && answers; then
    say "already running on $ADDRESS (pid $pid)"
    record_start no
    return 0
  fi
  if [ -z "$pid" ] && answers; then
    say "a $SERVICE not started by this script already answers on $ADDRESS; using it as is"
    rm -f "$STATE_DIR/started-for-tests"
    return 0
  fi
  if [ -z "$pid" ] && port_open "$PORT"; then
    die "127.0.0.1:$PORT is taken by something that is not $SERVICE; free it or set $PORT_VARIABLE"
  fi
  if [ -z "$pid" ]; then
    launch
    pid="$LAUNCHED_PID"
    launched=yes
    echo "$pid" >"$PID_FILE"
    say "starting $LAUNCHED_WHAT (pid $pid), waiting up to ${START_TIMEOUT} s"
  fi
  local deadline=$(($(date +%s) + START_TIMEOUT))
  while ! answers; do
    if ! pid_alive "$pid"; then
      rm -f "$PID_FILE"
      # shellcheck disable=SC2086 # a list of files
      tail -n 30 $FAILURE_LOGS >&2 2>/dev/null || true
      die "$SERVICE exited during start-up (logs above: $FAILURE_LOGS)"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      # shellcheck disable=SC2086 # a list of files
      tail -n 30 $FAILURE_LOGS >&2 2>/dev/null || true
      if [ "$launched" = yes ]; then stop_pid "$STOP_GRACE" >/dev/null; fi
      die "not answering on $ADDRESS after ${START_TIMEOUT} s, so it was stopped (logs above); raise $TIMEOUT_VARIABLE on a slow machine"
    fi
    sleep "$POLL"
  done
  record_start "$launched"
  say "ready on $ADDRESS (pid $pid, $(($(now_ms) - started)) ms)"
}

service_status() {
  local pid
  pid="$(running_pid)"
  if answers; then
    if [ -n "$pid" ]; then
      say "up on $ADDRESS (pid $pid)"
    else
      say "up on $ADDRESS (not started by this script)"
    fi
    return 0
  fi
  if [ -n "$pid" ]; then
    say "down: pid $pid is alive but not answering on $ADDRESS yet"
  else
    say "down"
  fi
  return 1
}

service_stop() {
  take_lock
  forget_leases
  stop_pid "$STOP_GRACE"
}

# The command line every service script takes; `reset` and `logs` are the script's own.
service_main() {
  case "${1:-}" in
    start) service_start ;;
    stop) service_stop ;;
    restart) service_stop && service_start ;;
    status) service_status ;;
    release) release "${2:-}" "$STOP_GRACE" ;;
    reset) reset ;;
    logs) logs "${2:-50}" ;;
    *)
      echo "usage: $0 start|stop|restart|status|reset|logs [lines]|release <pid>" >&2
      exit 2
      ;;
  esac
}
