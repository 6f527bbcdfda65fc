#!/usr/bin/env bash
# Ingest throughput against a bare Spark CSV->Parquet conversion of the same gait-frames file,
# measured in one run (local mode, this machine's cores). Prints rows/s of both and their ratio.
#
# Usage: pipeline/bench/scripts/ingest-vs-bare.sh [SUBMISSION] [ROUNDS]
# Each round runs both sides back to back (in turns: bare first in even rounds), each after a full
# collection; the script prints every round's ratio and their median, which varies less than the
# best of either side on a machine that others share. ITBS_BENCH_JVM adds JVM options to both sides
# (ITBS_BENCH_JVM=-XX:+UseParallelGC, say).
# Without SUBMISSION it generates one: 200 runners x 5 trials x 10 s (about 4 million frame rows),
# contributed with a throw-away key.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
work="${ITBS_BENCH_DIR:-/tmp/itbs-bench}"
mkdir -p "$work"
sub="${1:-}"
rounds="${2:-2}"
"$root/itbs" --version >/dev/null
if [ -z "$sub" ]; then
  sub="$work/submission"
  if [ ! -f "$sub/manifest.json" ]; then
    rm -rf "$work/raw" "$sub"
    "$root/itbs" generate --out "$work/raw" --sites 1 --runners 200 --trials 5 --trial-seconds 10 --seed 7
    "$root/itbs" keygen --out "$work/key"
    site="$(ls "$work/raw" | grep -v '\.json$' | head -1)"
    "$root/itbs" contribute "$work/raw/$site" --site "$site" --key-file "$work/key" --out "$sub"
  fi
fi
bench="$root/pipeline/bench/target/classes"
if [ ! -f "$bench/org/itbs/bench/IngestThroughput.class" ]; then
  echo "ingest-vs-bare: build the benchmarks first: mvn -B -q -DskipTests package -pl pipeline/bench -am" >&2
  exit 2
fi
rm -rf "$work/run" && mkdir -p "$work/run"
export SPARK_LOCAL_IP=127.0.0.1
java -Xmx4g ${ITBS_BENCH_JVM:-} -Dspark.driver.host=127.0.0.1 \
  -cp "$bench:$root/pipeline/app/target/itbs-app.jar:$root/pipeline/app/target/lib/*" \
  org.itbs.bench.IngestThroughput "$sub" "$work/run" "$rounds"
