# Reference numbers for org.itbs.stats (Cox proportional hazards), computed with R's survival.
#
# How to regenerate the committed fixtures (R >= 4.2 with survival >= 3.5, e.g. Debian packages
# r-base-core and r-cran-survival), from the repository root:
#
#   Rscript pipeline/stats/src/test/resources/stats/make-cox-fixtures.R \
#       pipeline/stats/src/test/resources/stats \
#       pipeline/stats/src/test/resources/stats/cohort-a.analysis_set.csv
#
# Usage: Rscript make-cox-fixtures.R OUT_DIR ANALYSIS_SET_CSV
# Writes into OUT_DIR:
#   cox-right-censored.csv  seeded synthetic right-censored data with many tied times (integer days),
#                           an event and a censoring often on the same day, and a cluster column
#   cox-wide-lp.csv         400 rows whose fitted linear predictor spans about 1300 (exp() overflows)
#   cox-counting.csv        seeded synthetic (start, stop] data: weekly intervals with time-varying
#                           covariates, gaps, and repeated events per id
#   cox-expected.csv        fixture,quantity,term,value: what coxph reports for each fixture, the
#                           last being the plan's P1 on ANALYSIS_SET_CSV (standardised, sample SD)
# The data are drawn with set.seed(), so the same R version writes the same files; the Java tests read
# the committed files and never need R (CoxLiveRTest reruns this script when Rscript is on the PATH).
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-cox-fixtures.R OUT_DIR ANALYSIS_SET_CSV")
out <- args[1]; analysis_set <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
num <- function(x) trimws(formatC(x, digits = 17, format = "g"))
# the control of reference.R (R warns that toler.inf > eps; that only affects its infinite-beta check)
ctl <- suppressWarnings(coxph.control(eps = 1e-12, iter.max = 100))

# ---- (1) right-censored data with tied times -------------------------------------------------
set.seed(20240611)
n <- 300
age <- round(rnorm(n, 40, 10), 1)
km_year <- round(rnorm(n, 2000, 500))           # large magnitude: exercises centring
treated <- rbinom(n, 1, 0.5)
cluster <- sample(1:30, n, replace = TRUE)
lambda <- 0.01 * exp(0.03 * (age - 40) - 0.0006 * (km_year - 2000) + 0.5 * treated)
t_event <- rexp(n, lambda)
t_cens <- runif(n, 10, 150)
time <- ceiling(pmin(t_event, t_cens))          # whole days: many ties, events and censorings together
status <- as.integer(t_event <= t_cens)
rc <- data.frame(id = 1:n, time = time, status = status, age = age, km_year = km_year,
                 treated = treated, cluster = cluster)
write.csv(rc, file.path(out, "cox-right-censored.csv"), row.names = FALSE, quote = FALSE)

# ---- (2) counting-process data: weekly intervals, time-varying covariates, repeated events -----
set.seed(777)
rows <- list()
for (i in 1:120) {
  female <- rbinom(1, 1, 0.5)
  end <- sample(40:200, 1)
  start <- sample(0:6, 1)                        # staggered entry
  while (start < end) {
    stop <- min(start + 7, end)
    load <- round(rnorm(1, 1, 0.3), 2)
    sessions <- sample(0:3, 1)
    h <- 0.015 * exp(0.8 * (load - 1) - 0.3 * sessions + 0.4 * female)
    event <- 0L
    if (runif(1) < 1 - exp(-h * (stop - start))) {
      stop <- start + sample(1:(stop - start), 1)
      event <- 1L
    }
    rows[[length(rows) + 1]] <- data.frame(id = i, start = start, stop = stop, event = event,
                                           load = load, sessions = sessions, female = female)
    start <- stop
    if (event == 1) start <- start + sample(c(0, 3, 10), 1)   # a gap after some events
    if (runif(1) < 0.05) start <- start + 7                     # an unlogged week
  }
}
cp <- do.call(rbind, rows)
write.csv(cp, file.path(out, "cox-counting.csv"), row.names = FALSE, quote = FALSE)

# ---- (1b) a linear predictor spanning far more than exp() can hold: near-perfect ordering ----
wide <- data.frame(time = 400 - 0:399, event = 1L, x = 0:399)
for (k in c(10, 100, 200, 300, 390)) {                 # five swapped pairs keep the estimate finite
  i <- k + 1; j <- k + 3
  t <- wide$time[i]; wide$time[i] <- wide$time[j]; wide$time[j] <- t
}
write.csv(wide, file.path(out, "cox-wide-lp.csv"), row.names = FALSE, quote = FALSE)

# ---- fits -----------------------------------------------------------------------------------
res <- list()
put <- function(fixture, quantity, term, value) {
  res[[length(res) + 1]] <<- data.frame(fixture = fixture, quantity = quantity, term = term,
                                        value = num(value))
}
record <- function(fixture, m) {
  s <- summary(m)$coefficients
  for (t in rownames(s)) {
    put(fixture, "coef", t, s[t, "coef"])
    put(fixture, "se", t, s[t, "se(coef)"])
    if ("robust se" %in% colnames(s)) put(fixture, "robust_se", t, s[t, "robust se"])
    put(fixture, "z", t, s[t, "z"])
    put(fixture, "p", t, s[t, "Pr(>|z|)"])
  }
  put(fixture, "loglik0", "", m$loglik[1])
  put(fixture, "loglik", "", m$loglik[2])
  put(fixture, "iter", "", m$iter)
  put(fixture, "concordance", "", unname(m$concordance["concordance"]))
  put(fixture, "n", "", m$n)
  put(fixture, "events", "", m$nevent)
}
f_rc <- Surv(time, status) ~ age + km_year + treated
record("rc-efron", coxph(f_rc, data = rc, ties = "efron", control = ctl))
record("rc-breslow", coxph(f_rc, data = rc, ties = "breslow", control = ctl))
record("rc-efron-cluster", coxph(update(f_rc, . ~ . + cluster(cluster)), data = rc, ties = "efron",
                                 control = ctl))
record("rc-breslow-cluster", coxph(update(f_rc, . ~ . + cluster(cluster)), data = rc,
                                   ties = "breslow", control = ctl))
# one binary covariate: the linear predictor is tied for half of every pair, which pins C's ties
record("rc-binary-efron", coxph(Surv(time, status) ~ treated, data = rc, ties = "efron",
                                control = ctl))

# the fitted linear predictor spans about 1300: risk scores exp(lp) overflow without rescaling
record("wide-lp-efron", coxph(Surv(time, event) ~ x, data = wide, ties = "efron", control = ctl))

f_cp <- Surv(start, stop, event) ~ load + sessions + female
record("cp-efron-cluster", coxph(update(f_cp, . ~ . + cluster(id)), data = cp, ties = "efron",
                                 control = ctl))
record("cp-breslow", coxph(f_cp, data = cp, ties = "breslow", control = ctl))
record("cp-binary-efron", coxph(Surv(start, stop, event) ~ female, data = cp, ties = "efron",
                                control = ctl))

# ---- (3) the plan's P1 on the reference analysis set -----------------------------------------
P <- read.csv(analysis_set, stringsAsFactors = FALSE)
names(P)[names(P) == "sexF"] <- "sex"   # the plan's term name (reference.R renames it on output)
covs <- c("peak_hip_add", "peak_pelvic_drop", "hip_abd", "hip_er", "df_lunge", "km_week", "sex",
          "age", "bmi", "prior_itbs")
cont <- setdiff(covs, c("sex", "prior_itbs"))
cc <- P[complete.cases(P[, c(covs, "time", "event")]), ]
for (c in cont) cc[[c]] <- (cc[[c]] - mean(cc[[c]])) / sd(cc[[c]])
record("p1-efron", coxph(as.formula(paste("Surv(time, event) ~", paste(covs, collapse = " + "))),
                         data = cc, ties = "efron", control = ctl))

write.csv(do.call(rbind, res), file.path(out, "cox-expected.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(rc), "right-censored rows,", nrow(cp), "counting-process rows,",
    length(res), "expected values to", out, "\n")
