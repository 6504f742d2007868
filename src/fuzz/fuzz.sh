#!/usr/bin/env bash
# The fuzz harness at scale (not part of the test suite, which runs a few hundred cases). Usage:
#   src/fuzz/fuzz.sh [CASES] [SEED] [DUMP ...]
# CASES defaults to 1000 and SEED to 1. Each case is a damaged copy (DumpMutator: flipped bytes, truncation,
# removed and duplicated records, huge length fields, a changed identifier size, an array running past its record,
# a missing thread object or local) of one of the DUMPs, by default the sample dump, two small scenario dumps and
# one of them with 4-byte identifiers. heaptriage's command line runs each in one JVM (analyze, threads or histogram
# with -f json, a minute at most) and must end as README "Exit codes" says: 0 or 1 with valid JSON that holds every
# warning, or 3 with exactly one line in heaptriage's words. Prints every case that did not, then the outcomes by
# exit code, kind of damage and message; exits 1 if any case failed. Case N of seed S is made again by the same
# command with the same arguments. Damaged dumps are written to /dev/shm when it exists (else target/fuzz).
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=${1:-1000}
seed=${2:-1}
shift 2 || shift $# || true
./mvnw -B -q package -DskipTests
work=target/fuzz
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  work=$(mktemp -d /dev/shm/heaptriage-fuzz-XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
# heaptriage.jar carries every dependency (Jackson, MAT's core) the harness needs; scenario dumps are made once
# into target/fuzz-dumps, apart from the test suite's.
java -Xmx3g -Dheaptriage.test.dumpDir=target/fuzz-dumps -cp "target/test-classes:target/heaptriage.jar" \
  dev.heaptriage.fuzz.DumpFuzz "$cases" "$seed" "$work" 60 "$@"
