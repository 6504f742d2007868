#!/usr/bin/env bash
# The heaptriage benchmark (not part of the test suite). Usage:
#   src/bench/bench.sh [REPS] [HEAP_MIB ...]
# REPS defaults to 3; HEAP_MIB (heap filled by the dump generator) defaults to "350 1450 4000": dumps of about
# 0.5 GB (9.5M objects), 2.1 GB (41M) and 5.9 GB (113M). Dumps are generated once and cached in
# $HEAPTRIAGE_BENCH_DIR (default ~/.cache/heaptriage-bench); together they need about 9 GB of disk, and making one
# takes a JVM with twice HEAP_MIB plus 1 GiB of heap. MAT's core alone is stopped after
# $HEAPTRIAGE_BENCH_MAT_LIMIT seconds (default 1800; on the largest size its dominator sort can run for hours).
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-3}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(350 1450 4000)
if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time; }) >/dev/null 2>&1 || true
fi
./mvnw -B -q package -DskipTests
# heaptriage.jar carries every dependency (Jackson, MAT's core) the benchmark's own classes need.
exec java -cp "target/test-classes:target/heaptriage.jar" dev.heaptriage.bench.Benchmark \
  target/heaptriage.jar target/test-classes "${HEAPTRIAGE_BENCH_DIR:-$HOME/.cache/heaptriage-bench}" "$reps" "${sizes[@]}"
