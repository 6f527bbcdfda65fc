#!/usr/bin/env bash
# The features job against a bare read + group-by-max of the same gait frames, in Spark and in
# DuckDB, measured in one JVM run (org.itbs.bench.FeaturesVsDuckDb): prints the best seconds of each
# over ROUNDS rounds after a warm-up round, and the ratios features/Spark-bare and features/DuckDB.
#
# Usage: pipeline/bench/scripts/features-vs-duckdb.sh [ROUNDS]     (default 6)
# Lake: 200 runners x 5 trials x 10 s, one site, seed 1 (about 4 million frames), built once under
# $ITBS_BENCH_DIR (default /tmp/itbs-duckdb) with generate -> keygen -> contribute -> ingest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
work="${ITBS_BENCH_DIR:-/tmp/itbs-duckdb}"
rounds="${1:-6}"
export SPARK_LOCAL_IP=127.0.0.1
"$root/itbs" --version >/dev/null
if [ ! -f "$work/done-ingest" ]; then
  rm -rf "$work" && mkdir -p "$work"
  "$root/itbs" generate --out "$work/raw" --sites 1 --runners 200 --trials 5 --trial-seconds 10 --seed 1 > "$work/generate.log"
  "$root/itbs" keygen --out "$work/key" > /dev/null
  site=$(ls "$work/raw" | grep -v '\.json$')
  "$root/itbs" contribute "$work/raw/$site" --site "$site" --key-file "$work/key" --out "$work/sub" > "$work/contribute.log"
  "$root/itbs" ingest "$work/sub" --lake "$work/lake" > "$work/ingest.log"
  touch "$work/done-ingest"
fi
jar="$root/pipeline/bench/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q package -DskipTests -pl pipeline/bench -am)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx4g -Dspark.driver.host=127.0.0.1 -Dspark.ui.enabled=false -cp "$jar" org.itbs.bench.FeaturesVsDuckDb "$work/lake" "$rounds"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
