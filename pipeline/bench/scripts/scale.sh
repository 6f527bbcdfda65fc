#!/usr/bin/env bash
# Scale benchmark: ingest and features for cohorts of growing size, each stage timed as its own
# `itbs` process (wall seconds, rows/s, peak resident memory from /usr/bin/time), then how the time
# grows with the data (seconds per million frames; close to constant = linear).
#
# Usage: pipeline/bench/scripts/scale.sh [RUNNERS...]           (default: 200 1000 2000)
#        ITBS_MASTER=spark://127.0.0.1:7077 pipeline/bench/scripts/scale.sh 1000   (a cluster)
# Each cohort: 2 sites, 5 gait trials of 10 s per runner (about 20,000 frames per runner), seed 7.
# Work folder: $ITBS_BENCH_DIR (default /tmp/itbs-scale); about 75 MB of CSV per 100 runners.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
work="${ITBS_BENCH_DIR:-/tmp/itbs-scale}"
master="${ITBS_MASTER:-}"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(200 1000 2000)
mkdir -p "$work"
"$root/itbs" --version >/dev/null
export SPARK_LOCAL_IP=127.0.0.1
master_args=()
[ -n "$master" ] && master_args=(--master "$master")
timed() { # name logfile command...: prints "seconds peakMB"
  local log="$1"; shift
  /usr/bin/time -f "%e %M" -o "$log.time" "$@" > "$log" 2>&1 || { cat "$log"; exit 1; }
  awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$log.time"
}
results="$work/results.tsv"
printf "runners\tframes\tingest_s\tingest_rows_per_s\tingest_peak_mb\tfeatures_s\tfeatures_frames_per_s\tfeatures_peak_mb\n" > "$results"
for n in "${sizes[@]}"; do
  d="$work/n$n"
  if [ ! -f "$d/done-contribute" ]; then
    rm -rf "$d" && mkdir -p "$d/subs"
    "$root/itbs" generate --out "$d/raw" --sites 2 --runners "$n" --trials 5 --trial-seconds 10 --seed 7 > "$d/generate.log"
    "$root/itbs" keygen --out "$d/key" > /dev/null
    for site in $(ls "$d/raw" | grep -v '\.json$'); do
      "$root/itbs" contribute "$d/raw/$site" --site "$site" --key-file "$d/key" --out "$d/subs/$site" > "$d/contribute-$site.log"
    done
    touch "$d/done-contribute"
  fi
  frames=$(cat "$d"/subs/*/manifest.json | grep -A3 '"gait_frames.csv"' | grep '"rows"' | tr -dc '0-9\n' | awk '{ s += $1 } END { print s }')
  rows=$(cat "$d"/subs/*/manifest.json | grep '"rows"' | tr -dc '0-9\n' | awk '{ s += $1 } END { print s }')
  rm -rf "$d/lake"
  read -r is im < <(timed "$d/ingest.log" "$root/itbs" ingest "$d"/subs/* --lake "$d/lake" "${master_args[@]}")
  read -r fs fm < <(timed "$d/features.log" "$root/itbs" features --lake "$d/lake" "${master_args[@]}")
  awk -v n="$n" -v f="$frames" -v r="$rows" -v is="$is" -v im="$im" -v fs="$fs" -v fm="$fm" \
    'BEGIN { printf "%s\t%s\t%s\t%.0f\t%s\t%s\t%.0f\t%s\n", n, f, is, r / is, im, fs, f / fs, fm }' >> "$results"
  echo "runners $n: $frames frames ($rows rows): ingest ${is} s (peak ${im} MB), features ${fs} s (peak ${fm} MB)"
done
echo
echo "| runners | frames | ingest s | ingest rows/s | ingest peak MB | features s | features frames/s | features peak MB | ingest s per M frames | features s per M frames |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
tail -n +2 "$results" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f |\n", $1, $2, $3, $4, $5, $6, $7, $8, $3 / ($2 / 1e6), $6 / ($2 / 1e6) }'
echo "(master: ${master:-local[*]}; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
