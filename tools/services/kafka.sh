#!/usr/bin/env bash
# Apache Kafka 4.x, one node in KRaft mode (broker + controller in one JVM), on 127.0.0.1.
# Jars come once from Maven Central through the machine's Maven and are cached outside the
# repository; data and logs live in a state folder, also outside it.
#
#   tools/services/kafka.sh start|stop|restart|status|reset|logs
#   tools/services/kafka.sh release <pid>   (used by test runs, see docs/services.md)
#
# Environment (all optional):
#   MESH_CACHE_DIR             cache root                     (~/.cache/meshkit)
#   MESH_STATE_DIR             state root                     ($MESH_CACHE_DIR/state)
#   MESH_KAFKA_VERSION         org.apache.kafka:kafka_2.13    (4.1.1)
#   MESH_KAFKA_PORT            client listener port           (39092)
#   MESH_KAFKA_CONTROLLER_PORT KRaft controller port          (39093)
#   MESH_KAFKA_HEAP            JVM max heap                   (512m)
#   MESH_KAFKA_START_TIMEOUT   seconds to wait for readiness  (120)
#   MESH_MAVEN_REPO_LOCAL      Maven local repository to use  (Maven's default, ~/.m2/repository)
set -euo pipefail

SERVICE=kafka
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

KAFKA_VERSION="${MESH_KAFKA_VERSION:-4.1.1}"
# log4j2's SLF4J 1.x binding, matching the slf4j-api 1.7 that kafka_2.13 4.x depends on;
# without it the broker logs nothing at all.
LOG4J_VERSION="2.24.3"
PORT="${MESH_KAFKA_PORT:-39092}"
CONTROLLER_PORT="${MESH_KAFKA_CONTROLLER_PORT:-39093}"
HEAP="${MESH_KAFKA_HEAP:-512m}"
START_TIMEOUT="${MESH_KAFKA_START_TIMEOUT:-120}"
DIST_DIR="$MESH_CACHE_DIR/kafka-$KAFKA_VERSION"
STATE_DIR="$MESH_STATE_DIR/kafka"
PID_FILE="$STATE_DIR/kafka.pid"
PID_MATCH="kafka.Kafka"
DATA_DIR="$STATE_DIR/data"
LOG_DIR="$STATE_DIR/logs"
ADDRESS="127.0.0.1:$PORT"
PORT_VARIABLE=MESH_KAFKA_PORT
TIMEOUT_VARIABLE=MESH_KAFKA_START_TIMEOUT
# A clean shutdown lets the next start skip log recovery.
STOP_GRACE=60
POLL=0.5
FAILURE_LOGS="$LOG_DIR/stdout.log $LOG_DIR/server.log"

# A real Kafka request (ApiVersions v0, correlation id 1) rather than a bare TCP connect: the
# broker opens its socket before it serves requests, so only an answer means it is ready.
answers() {
  local reply
  reply="$(timeout 3 bash -c "
    exec 3<>/dev/tcp/127.0.0.1/$PORT || exit 1
    printf '\x00\x00\x00\x0f\x00\x12\x00\x00\x00\x00\x00\x01\x00\x05probe' >&3
    head -c 10 <&3 | od -An -tx1 | tr -d ' \n'
  " 2>/dev/null || true)"
  # size (4 bytes, any) + correlation id 1 + error code 0
  [[ "$reply" =~ ^[0-9a-f]{8}000000010000$ ]]
}

fetch_jars() {
  if [ -f "$DIST_DIR/.complete" ]; then return 0; fi
  need_command mvn "install Maven (Debian: apt-get install maven) so the Kafka jars can be fetched from Maven Central"
  local started tmp
  started="$(now_ms)"
  say "fetching org.apache.kafka:kafka_2.13:$KAFKA_VERSION from Maven Central into $DIST_DIR (once)"
  mkdir -p "$MESH_CACHE_DIR"
  tmp="$(mktemp -d "$MESH_CACHE_DIR/.kafka-$KAFKA_VERSION.XXXXXX")"
  cat >"$tmp/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.meshkit.services</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>$LOG4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  local repo_args=()
  if [ -n "${MESH_MAVEN_REPO_LOCAL:-}" ]; then repo_args=("-Dmaven.repo.local=$MESH_MAVEN_REPO_LOCAL"); fi
  if ! mvn -q -B -f "$tmp/pom.xml" "${repo_args[@]}" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp/libs" >"$tmp/mvn.log" 2>&1; then
    tail -n 30 "$tmp/mvn.log" >&2
    rm -rf "$tmp"
    die "Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION (log above); check that Maven Central is reachable or set MESH_KAFKA_VERSION"
  fi
  rm -rf "$DIST_DIR"
  mv "$tmp" "$DIST_DIR"
  touch "$DIST_DIR/.complete"
  say "fetched $(find "$DIST_DIR/libs" -name "*.jar" | wc -l) jars in $(($(now_ms) - started)) ms"
}

write_config() {
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  # Rewritten on every start so port overrides take effect; data survives.
  cat >"$STATE_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR
# one node on a small shared machine: single replicas, few threads, few internal partitions
num.network.threads=2
num.io.threads=2
background.threads=2
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=3
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=168
log.segment.bytes=67108864
EOF
  cat >"$STATE_DIR/log4j2.yaml" <<EOF
# Warnings and errors only, in a small rolling file; the start-up banner line is kept so
# 'kafka.sh logs' shows when the broker came up.
Configuration:
  Appenders:
    RollingFile:
      name: file
      fileName: $LOG_DIR/server.log
      filePattern: $LOG_DIR/server.log.%i
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
      Policies:
        SizeBasedTriggeringPolicy:
          size: 10MB
      DefaultRolloverStrategy:
        max: 2
  Loggers:
    Root:
      level: WARN
      AppenderRef:
        - ref: file
    Logger:
      - name: kafka.server.KafkaRaftServer
        level: INFO
      - name: kafka.Kafka
        level: INFO
EOF
}

format_storage() {
  if [ -f "$DATA_DIR/meta.properties" ]; then return 0; fi
  # A cluster id is a base64url-encoded 16-byte UUID without padding.
  local cluster_id
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  say "formatting storage in $DATA_DIR (cluster id $cluster_id)"
  java -Xmx256m -Dlog4j2.configurationFile="$STATE_DIR/log4j2.yaml" -cp "$DIST_DIR/libs/*" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$STATE_DIR/server.properties" \
    >"$LOG_DIR/format.log" 2>&1 || {
    cat "$LOG_DIR/format.log" >&2
    die "formatting storage in $DATA_DIR failed (output above); 'kafka.sh reset' wipes it"
  }
}

launch() {
  need_command java "install Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless) to run Kafka"
  if port_open "$CONTROLLER_PORT"; then
    die "controller port 127.0.0.1:$CONTROLLER_PORT is taken; free it or set MESH_KAFKA_CONTROLLER_PORT"
  fi
  fetch_jars
  write_config
  format_storage
  # setsid: the broker outlives the shell (or test runner) that started it.
  setsid java -Xms64m -Xmx"$HEAP" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$STATE_DIR/log4j2.yaml" \
    -Dkafka.logs.dir="$LOG_DIR" -cp "$DIST_DIR/libs/*" \
    kafka.Kafka "$STATE_DIR/server.properties" \
    >"$LOG_DIR/stdout.log" 2>&1 </dev/null 9>&- &
  LAUNCHED_PID=$!
  LAUNCHED_WHAT="Kafka $KAFKA_VERSION (data in $DATA_DIR)"
}

reset() {
  service_stop
  rm -rf "$DATA_DIR" "$LOG_DIR" "$STATE_DIR/server.properties" "$STATE_DIR/log4j2.yaml"
  say "wiped $STATE_DIR (jars stay in $DIST_DIR)"
}

logs() {
  tail -n "$1" "$LOG_DIR/server.log"
}

service_main "$@"
