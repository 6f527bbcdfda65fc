# Reference numbers for the stratified Cox fit, for the site indicators of the GLMs and for covariates
# on wildly different scales (issue 14), computed with R's survival and glm.
#
# How to regenerate the committed fixtures (R >= 4.2 with survival >= 3.5, e.g. Debian packages
# r-base-core and r-cran-survival), from the repository root:
#
#   Rscript pipeline/stats/src/test/resources/stats/make-strata-fixtures.R \
#       pipeline/stats/src/test/resources/stats \
#       pipeline/stats/src/test/resources/stats/cohort-b.v2.analysis_set.csv
#
# Usage: Rscript make-strata-fixtures.R OUT_DIR COHORT_B_ANALYSIS_SET_CSV
# Writes into OUT_DIR:
#   strata-right-censored.csv  seeded right-censored data on whole days at four sites: AMS01 and
#                              MAD02 with different baseline hazards, ZRH04 without any event,
#                              PRG03 a single runner (with an event); a cluster column
#   strata-counting.csv        seeded (start, stop] data (weekly intervals, gaps, repeated events) of
#                              150 runners at the same four sites (ZRH04 no event, PRG03 one runner)
#   glm-sites.csv              seeded runners at three sites with a 0/1 outcome, event counts and
#                              running hours, the sites with different baselines
#   strata-expected.csv        fixture,quantity,term,value: what coxph and glm report for each fit,
#                              the last being the plan v2's P1 on COHORT_B_ANALYSIS_SET_CSV (onset
#                              population, standardised with the sample SD, + strata(site))
# The data are drawn with set.seed(), so the same R version writes the same files; the Java tests read
# the committed files and never need R (CoxStrataLiveRTest reruns this script when Rscript is on the
# PATH).
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-strata-fixtures.R OUT_DIR COHORT_B_ANALYSIS_SET_CSV")
out <- args[1]; cohort_b <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
num <- function(x) trimws(formatC(x, digits = 17, format = "g"))
ctl <- suppressWarnings(coxph.control(eps = 1e-12, iter.max = 100))
gctl <- glm.control(epsilon = 1e-14, maxit = 100)

# ---- (1) right-censored data at four sites ----------------------------------------------------
set.seed(20241401)
sizes <- c(AMS01 = 150, MAD02 = 150, ZRH04 = 58, PRG03 = 1)
site <- rep(names(sizes), sizes)
n <- length(site)
base <- c(AMS01 = 0.01, MAD02 = 0.03, ZRH04 = 0.02, PRG03 = 0.05)[site]
age <- round(rnorm(n, 40, 10), 1)
km_year <- round(rnorm(n, 2000, 500))
treated <- rbinom(n, 1, 0.5)
cluster <- sample(1:40, n, replace = TRUE)
t_event <- rexp(n, base * exp(0.03 * (age - 40) - 0.0006 * (km_year - 2000) + 0.5 * treated))
t_cens <- runif(n, 10, 150)
time <- ceiling(pmin(t_event, t_cens))
status <- as.integer(t_event <= t_cens)
status[site == "ZRH04"] <- 0L                    # a site without any event
status[site == "PRG03"] <- 1L                    # a site of one runner, with an event
rc <- data.frame(id = 1:n, site = site, time = time, status = status, age = age, km_year = km_year,
                 treated = treated, cluster = cluster)
write.csv(rc, file.path(out, "strata-right-censored.csv"), row.names = FALSE, quote = FALSE)

# ---- (2) counting-process data at the same four sites -----------------------------------------
set.seed(20241402)
rows <- list()
for (i in 1:150) {
  s <- if (i <= 60) "AMS01" else if (i <= 120) "MAD02" else if (i <= 149) "ZRH04" else "PRG03"
  b <- c(AMS01 = 0.012, MAD02 = 0.03, ZRH04 = 0, PRG03 = 0.08)[[s]]
  female <- rbinom(1, 1, 0.5)
  end <- sample(40:200, 1)
  start <- sample(0:6, 1)
  while (start < end) {
    stop <- min(start + 7, end)
    load <- round(rnorm(1, 1, 0.3), 2)
    sessions <- sample(0:3, 1)
    h <- b * exp(0.8 * (load - 1) - 0.3 * sessions + 0.4 * female)
    event <- 0L
    if (runif(1) < 1 - exp(-h * (stop - start))) {
      stop <- start + sample(1:(stop - start), 1)
      event <- 1L
    }
    rows[[length(rows) + 1]] <- data.frame(id = i, site = s, start = start, stop = stop,
                                           event = event, load = load, sessions = sessions,
                                           female = female)
    start <- stop
    if (event == 1) start <- start + sample(c(0, 3, 10), 1)
    if (runif(1) < 0.05) start <- start + 7
  }
}
cp <- do.call(rbind, rows)
stopifnot(sum(cp$event[cp$site == "PRG03"]) > 0, sum(cp$event[cp$site == "ZRH04"]) == 0)
write.csv(cp, file.path(out, "strata-counting.csv"), row.names = FALSE, quote = FALSE)

# ---- (3) runners at three sites for the GLMs with site indicators -----------------------------
set.seed(20241403)
n <- 600
gsite <- sample(c("PRG03", "AMS01", "MAD02"), n, replace = TRUE)
gage <- round(rnorm(n, 38, 11), 1)
gkm <- round(rnorm(n, 2000, 600))
gfemale <- rbinom(n, 1, 0.5)
site_lp <- c(AMS01 = 0, MAD02 = 0.5, PRG03 = -0.4)[gsite]
y <- rbinom(n, 1, plogis(-1 + 0.04 * (gage - 38) - 0.0008 * (gkm - 2000) + 0.5 * gfemale + site_lp))
hours <- round(runif(n, 5, 900), 2)
events <- rpois(n, 0.002 * hours * exp(0.03 * (gage - 38) + 0.4 * gfemale + site_lp))
gl <- data.frame(site = gsite, y = y, events = events, hours = hours, age = gage, km_year = gkm,
                 female = gfemale)
write.csv(gl, file.path(out, "glm-sites.csv"), row.names = FALSE, quote = FALSE)

# ---- fits -----------------------------------------------------------------------------------
res <- list()
put <- function(fixture, quantity, term, value) {
  res[[length(res) + 1]] <<- data.frame(fixture = fixture, quantity = quantity, term = term,
                                        value = num(value))
}
record_cox <- function(fixture, m) {
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
auc <- function(score, y) {
  pos <- score[y == 1]; neg <- score[y == 0]
  mean(outer(pos, neg, ">") + 0.5 * outer(pos, neg, "=="))
}
record_glm <- function(fixture, m, y) {
  s <- summary(m)$coefficients
  for (t in rownames(s)) {
    put(fixture, "coef", t, s[t, 1])
    put(fixture, "se", t, s[t, 2])
    put(fixture, "z", t, s[t, 3])
    put(fixture, "p", t, s[t, 4])
  }
  put(fixture, "deviance", "", m$deviance)
  put(fixture, "null_deviance", "", m$null.deviance)
  put(fixture, "loglik", "", as.numeric(logLik(m)))
  put(fixture, "converged", "", as.integer(m$converged))
  put(fixture, "n", "", length(y))
  put(fixture, "events", "", sum(y))
  if (family(m)$family == "binomial") put(fixture, "auc", "", auc(fitted(m), y))
  put(fixture, "fitted_sum", "", sum(fitted(m)))
  put(fixture, "fitted_first", "", fitted(m)[1])
  put(fixture, "fitted_last", "", fitted(m)[length(y)])
}

f_rc <- Surv(time, status) ~ age + km_year + treated + strata(site)
record_cox("rc-strata-efron", coxph(f_rc, data = rc, ties = "efron", control = ctl))
record_cox("rc-strata-breslow", coxph(f_rc, data = rc, ties = "breslow", control = ctl))
record_cox("rc-strata-efron-cluster", coxph(update(f_rc, . ~ . + cluster(cluster)), data = rc,
                                            ties = "efron", control = ctl))
record_cox("rc-strata-breslow-cluster", coxph(update(f_rc, . ~ . + cluster(cluster)), data = rc,
                                              ties = "breslow", control = ctl))
two <- rc[rc$site %in% c("AMS01", "MAD02"), ]
record_cox("rc-two-strata-efron", coxph(f_rc, data = two, ties = "efron", control = ctl))
# one covariate in units 1e7 times larger, another 1e5 times smaller: R's coxph scales inside
rc$km_e7 <- rc$km_year * 1e7
rc$age_e5 <- rc$age / 1e5
record_cox("rc-strata-scaled-efron", coxph(Surv(time, status) ~ age_e5 + km_e7 + treated +
                                             strata(site), data = rc, ties = "efron",
                                           control = ctl))

f_cp <- Surv(start, stop, event) ~ load + sessions + female + strata(site)
record_cox("cp-strata-efron-cluster", coxph(update(f_cp, . ~ . + cluster(id)), data = cp,
                                            ties = "efron", control = ctl))
record_cox("cp-strata-breslow-cluster", coxph(update(f_cp, . ~ . + cluster(id)), data = cp,
                                              ties = "breslow", control = ctl))
record_cox("cp-strata-efron", coxph(f_cp, data = cp, ties = "efron", control = ctl))

record_glm("logistic-sites", glm(y ~ age + km_year + female + site, data = gl,
                                 family = binomial(), control = gctl), gl$y)
record_glm("poisson-sites", glm(events ~ age + km_year + female + site + offset(log(hours)),
                                data = gl, family = poisson(), control = gctl), gl$events)
gl$km_e7 <- gl$km_year * 1e7
gl$age_e5 <- gl$age / 1e5
record_glm("logistic-sites-scaled", glm(y ~ age_e5 + km_e7 + female + site, data = gl,
                                        family = binomial(), control = gctl), gl$y)
record_glm("poisson-sites-scaled", glm(events ~ age_e5 + km_e7 + female + site +
                                         offset(log(hours)), data = gl, family = poisson(),
                                       control = gctl), gl$events)

# ---- (4) plan v2's P1 on reference cohort B: onset population, strata(site) -------------------
P <- read.csv(cohort_b, stringsAsFactors = FALSE)
covs <- c("peak_hip_add", "peak_pelvic_drop", "hip_abd", "hip_er", "df_lunge", "km_week", "sexF",
          "age", "bmi")
cont <- setdiff(covs, "sexF")
onset <- P[P$prior_itbs == 0, ]
cc <- onset[complete.cases(onset[, c(covs, "time", "event")]), ]
for (c in cont) cc[[c]] <- (cc[[c]] - mean(cc[[c]])) / sd(cc[[c]])
names(cc)[names(cc) == "sexF"] <- "sex"
covs[covs == "sexF"] <- "sex"
record_cox("p1-cohort-b", coxph(as.formula(paste("Surv(time, event) ~",
                                                 paste(covs, collapse = " + "), "+ strata(site)")),
                                data = cc, ties = "efron", control = ctl))

write.csv(do.call(rbind, res), file.path(out, "strata-expected.csv"), row.names = FALSE,
          quote = FALSE)
cat("wrote", nrow(rc), "right-censored rows,", nrow(cp), "counting-process rows,", nrow(gl),
    "GLM rows,", length(res), "expected values to", out, "\n")
