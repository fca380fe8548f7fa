#!/usr/bin/env bash
# Every real service the integration tests use: Kafka and moto (S3 + Glue).
#
#   tools/services/all.sh start|stop|restart|status|reset
#
# Each script takes its own MESH_* environment overrides (see kafka.sh and moto.sh).
# status exits 0 only when every service is up.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SERVICES=(kafka moto)

case "${1:-}" in
  start | stop | restart | status | reset) ;;
  *)
    echo "usage: $0 start|stop|restart|status|reset" >&2
    exit 2
    ;;
esac

rc=0
for service in "${SERVICES[@]}"; do
  "$HERE/$service.sh" "$1" || rc=1
done
exit "$rc"
