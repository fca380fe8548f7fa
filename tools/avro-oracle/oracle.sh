#!/usr/bin/env bash
# Apache Avro's compatibility verdict for reader/writer pairs given as JSON lines.
#   tools/avro-oracle/oracle.sh < pairs.jsonl > verdicts.jsonl   build if needed, then run
#   tools/avro-oracle/oracle.sh --build                          build if needed, print the cache dir
# The build (Maven, Java 17) goes to ${MESHKIT_CACHE:-~/.cache/meshkit}/avro-oracle and is redone
# only when pom.xml or the Java sources change. See docs/compatibility-oracle.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${MESHKIT_CACHE:-${HOME}/.cache/meshkit}/avro-oracle"
target="${cache}/target"
jar="${target}/avro-oracle-0.1.0.jar"
stamp="${target}/source.sha256"

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "avro-oracle: '$1' not found on PATH; install $2 (Debian: apt-get install $3)" >&2
    exit 3
  fi
}

source_hash() {
  (cd "${here}" && find pom.xml src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) |
    sha256sum | cut -d' ' -f1
}

# Built from these sources, and every jar of the classpath still in the local Maven repository.
up_to_date() {
  [[ -f "${jar}" && -f "${target}/classpath.txt" && "$(cat "${stamp}" 2>/dev/null)" == "$1" ]] || return 1
  local entry
  while IFS= read -r -d ':' entry; do
    [[ -z "${entry}" || -f "${entry}" ]] || return 1
  done < <(cat "${target}/classpath.txt"; printf ':')
}

build() {
  need java "Java 17" openjdk-17-jdk-headless
  local want
  want="$(source_hash)"
  if up_to_date "${want}"; then
    return 0
  fi
  need mvn "Apache Maven" maven
  mkdir -p "${cache}"
  # One build at a time: parallel test runs share the cache folder.
  exec 9>"${cache}/.build.lock"
  flock 9
  if up_to_date "${want}"; then
    exec 9>&-
    return 0
  fi
  echo "avro-oracle: building with Maven into ${target} (first run downloads Apache Avro)" >&2
  local log="${cache}/build.log"
  if ! mvn -B -q -f "${here}/pom.xml" -Doracle.cache="${cache}" package >"${log}" 2>&1; then
    echo "avro-oracle: Maven build failed; last lines of ${log}:" >&2
    tail -n 40 "${log}" >&2
    exit 3
  fi
  echo "${want}" >"${stamp}"
  exec 9>&-
}

build
if [[ "${1:-}" == "--build" ]]; then
  echo "${cache}"
  exit 0
fi
exec java -Dslf4j.internal.verbosity=ERROR -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  -cp "${jar}:$(cat "${target}/classpath.txt")" dev.meshkit.avrooracle.AvroOracle "$@"
