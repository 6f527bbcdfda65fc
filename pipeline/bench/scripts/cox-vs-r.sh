#!/usr/bin/env bash
# Our Cox fit (org.itbs.stats.Cox) against R's survival::coxph on the same generated data:
# N runners x 10 covariates, Efron ties, tolerance 1e-12 (the plan's settings). Both sides are timed
# after loading the data and after warm-up fits (R: one; Java: REPEATS, for the JIT); each prints
# the median elapsed seconds of REPEATS fits. Then the ratio Java / R and the largest relative
# difference between the two sets of coefficients. The Java side alone runs when Rscript with the
# survival package is not installed.
#
# Usage: pipeline/bench/scripts/cox-vs-r.sh [N] [REPEATS]      (defaults: 100000 and 5)
# Needs pipeline/bench/target/benchmarks.jar (built here when missing). Data go to
# ${ITBS_BENCH_DIR:-/tmp/itbs-bench}/cox-N.csv, written by CoxBench from its seeded generator.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
n="${1:-100000}"
repeats="${2:-5}"
work="${ITBS_BENCH_DIR:-/tmp/itbs-bench}"
jar="$root/pipeline/bench/target/benchmarks.jar"
mkdir -p "$work"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q package -pl pipeline/bench -am -DskipTests)
fi
data="$work/cox-$n.csv"
java -cp "$jar" org.itbs.bench.CoxBench write "$data" "$n"
echo "data: $data ($n runners x 10 covariates)"

java_out="$(java -Xmx2g -cp "$jar" org.itbs.bench.CoxBench time "$data" "$repeats")"
echo "$java_out" | grep -v '^java_coefficients'
java_s="$(echo "$java_out" | awk '$1 == "java_median_seconds" {print $2}')"
java_b="$(echo "$java_out" | awk '$1 == "java_coefficients" {$1 = ""; print}')"

if ! command -v Rscript >/dev/null 2>&1 \
    || ! Rscript -e "quit(status = !requireNamespace('survival', quietly = TRUE))" >/dev/null 2>&1; then
  echo "Rscript with the survival package is not installed: Java time only ($java_s s)"
  exit 0
fi

r_out="$(Rscript - "$data" "$repeats" "$java_b" <<'RSCRIPT'
suppressMessages(library(survival))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1])
reps <- as.integer(a[2])
jb <- as.numeric(strsplit(trimws(a[3]), " +")[[1]])
f <- Surv(time, event) ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + b1 + b2
ctl <- suppressWarnings(coxph.control(eps = 1e-12, iter.max = 100))
fit <- coxph(f, data = d, ties = "efron", control = ctl)   # warm-up
el <- replicate(reps, system.time(coxph(f, data = d, ties = "efron", control = ctl))[["elapsed"]])
cat(sprintf("r_median_seconds %.6f\n", median(el)))
cat(sprintf("r_iterations %d concordance %.15g\n", fit$iter, fit$concordance[["concordance"]]))
cat(sprintf("max_relative_coefficient_difference %.3g\n", max(abs(coef(fit) - jb) / abs(coef(fit)))))
cat(sprintf("r_version %s survival %s\n", getRversion(), packageVersion("survival")))
RSCRIPT
)"
echo "$r_out"
r_s="$(echo "$r_out" | awk '$1 == "r_median_seconds" {print $2}')"
awk -v j="$java_s" -v r="$r_s" -v n="$n" 'BEGIN {
  printf "n=%d  java %.3f s  R %.3f s  java/R %.2f\n", n, j, r, j / r }'
