#!/usr/bin/env bash
# moto's server (S3 with versioning, Glue Data Catalog, Glue Schema Registry) on 127.0.0.1,
# installed once from PyPI into a virtualenv outside the repository. State is in memory:
# a stop or restart starts from empty.
#
#   tools/services/moto.sh start|stop|restart|status|reset|logs
#   tools/services/moto.sh release <pid>   (used by test runs, see docs/services.md)
#
# Environment (all optional):
#   MESH_CACHE_DIR           cache root                     (~/.cache/meshkit)
#   MESH_STATE_DIR           state root                     ($MESH_CACHE_DIR/state)
#   MESH_MOTO_VENV           virtualenv                     ($MESH_CACHE_DIR/moto-venv)
#   MESH_MOTO_VERSION        moto[server] version           (5.2.5)
#   MESH_MOTO_PORT           port                           (35000)
#   MESH_MOTO_START_TIMEOUT  seconds to wait for readiness  (60)
set -euo pipefail

SERVICE=moto
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

MOTO_VERSION="${MESH_MOTO_VERSION:-5.2.5}"
PORT="${MESH_MOTO_PORT:-35000}"
START_TIMEOUT="${MESH_MOTO_START_TIMEOUT:-60}"
VENV="${MESH_MOTO_VENV:-$MESH_CACHE_DIR/moto-venv}"
STATE_DIR="$MESH_STATE_DIR/moto"
PID_FILE="$STATE_DIR/moto.pid"
PID_MATCH="moto_server"
LOG_FILE="$STATE_DIR/moto.log"
ADDRESS="http://127.0.0.1:$PORT"
PORT_VARIABLE=MESH_MOTO_PORT
TIMEOUT_VARIABLE=MESH_MOTO_START_TIMEOUT
STOP_GRACE=10
POLL=0.3
FAILURE_LOGS="$LOG_FILE"

# moto's own dashboard answers only once the server is up; a bare TCP connect is not proof that
# something else is not sitting on the port. The dashboard page is static: unlike data.json,
# which dumps every bucket and table, its cost does not grow with what the tests stored.
answers() {
  local reply
  reply="$(timeout 3 bash -c "
    exec 3<>/dev/tcp/127.0.0.1/$PORT || exit 1
    printf 'GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    head -n 1 <&3
  " 2>/dev/null || true)"
  [[ "$reply" =~ ^HTTP/1\.[01]\ 200 ]]
}

install_moto() {
  if [ -f "$VENV/.meshkit-moto-$MOTO_VERSION" ]; then return 0; fi
  need_command python3 "install Python 3 (Debian: apt-get install python3 python3-venv) to run moto"
  local started
  started="$(now_ms)"
  say "installing moto[server]==$MOTO_VERSION from PyPI into $VENV (once)"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")" "$MESH_CACHE_DIR"
  python3 -m venv "$VENV" >"$MESH_CACHE_DIR/.moto-install.log" 2>&1 || {
    cat "$MESH_CACHE_DIR/.moto-install.log" >&2
    die "python3 could not create a virtualenv in $VENV (Debian: apt-get install python3-venv)"
  }
  if ! "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" >>"$MESH_CACHE_DIR/.moto-install.log" 2>&1; then
    tail -n 30 "$MESH_CACHE_DIR/.moto-install.log" >&2
    rm -rf "$VENV"
    die "pip could not install moto[server]==$MOTO_VERSION (log above); check that PyPI is reachable or set MESH_MOTO_VERSION"
  fi
  touch "$VENV/.meshkit-moto-$MOTO_VERSION"
  say "installed in $(($(now_ms) - started)) ms"
}

launch() {
  install_moto
  mkdir -p "$STATE_DIR"
  # setsid: the server outlives the shell (or test runner) that started it.
  setsid "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" \
    >"$LOG_FILE" 2>&1 </dev/null 9>&- &
  LAUNCHED_PID=$!
  LAUNCHED_WHAT="moto $MOTO_VERSION"
}

reset() {
  service_stop
  rm -f "$LOG_FILE"
  say "state is in memory and went with the process (virtualenv stays in $VENV)"
}

logs() {
  tail -n "$1" "$LOG_FILE"
}

service_main "$@"
