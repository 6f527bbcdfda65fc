# Reference numbers for org.itbs.stats (logistic and Poisson regression, AUC, chi-square
# quantiles, exact Poisson rates), computed with R's stats package.
#
# How to regenerate the committed fixtures (R >= 4.2, e.g. Debian package r-base-core), from the
# repository root:
#
#   Rscript pipeline/stats/src/test/resources/stats/make-glm-fixtures.R \
#       pipeline/stats/src/test/resources/stats \
#       pipeline/stats/src/test/resources/stats/cohort-a.analysis_set.csv
#
# Usage: Rscript make-glm-fixtures.R OUT_DIR ANALYSIS_SET_CSV
# Writes into OUT_DIR:
#   glm-logistic.csv   seeded synthetic 0/1 outcome with two continuous covariates (one in large,
#                      shifted units), a binary one, and a continuous one correlated with the first
#   glm-poisson.csv    seeded synthetic event counts (0, 1 and more) with running hours as exposure
#   auc-ties.csv       seeded risk scores rounded to two decimals (many ties, across and within the
#                      outcome groups) with a 0/1 outcome
#   glm-expected.csv   fixture,quantity,term,value: what glm() reports for each fit (coefficients,
#                      SE, z, p, deviance, null deviance, log likelihood, n, events, fitted values;
#                      for logistic fits the AUC of the fitted probabilities),
#                      the plan's P2 and P3 on ANALYSIS_SET_CSV included; AUCs of auc-ties.csv
#   chisq-expected.csv p,df,q,x,cdf: qchisq(p, df) and pchisq(x, df) over a grid of p and df
# The data are drawn with set.seed(), so the same R version writes the same files; the Java tests read
# the committed files and never need R (GlmLiveRTest reruns this script when Rscript is on the PATH).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-glm-fixtures.R OUT_DIR ANALYSIS_SET_CSV")
out <- args[1]; analysis_set <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
num <- function(x) trimws(formatC(x, digits = 17, format = "g"))
ctl <- glm.control(epsilon = 1e-14, maxit = 100)   # the control of reference.R
# Mann-Whitney AUC by its pairwise definition, as reference.R computes it
auc <- function(score, y) {
  pos <- score[y == 1]; neg <- score[y == 0]
  mean(outer(pos, neg, ">") + 0.5 * outer(pos, neg, "=="))
}

# ---- (1) logistic data ----------------------------------------------------------------------
set.seed(20240612)
n <- 500
age <- round(rnorm(n, 38, 11), 1)
km_year <- round(rnorm(n, 2000, 600))             # large magnitude
female <- rbinom(n, 1, 0.5)
strength <- round(0.6 * (age - 38) / 11 + rnorm(n, 0, 0.8), 3)   # correlated with age
lp <- -1.2 + 0.04 * (age - 38) - 0.0009 * (km_year - 2000) + 0.6 * female - 0.5 * strength
y <- rbinom(n, 1, plogis(lp))
lg <- data.frame(y = y, age = age, km_year = km_year, female = female, strength = strength)
write.csv(lg, file.path(out, "glm-logistic.csv"), row.names = FALSE, quote = FALSE)

# ---- (2) Poisson data with exposure ---------------------------------------------------------
set.seed(777001)
n <- 400
hours <- round(runif(n, 5, 900), 2)
load <- round(rnorm(n, 1, 0.3), 3)
female <- rbinom(n, 1, 0.5)
sessions <- sample(0:4, n, replace = TRUE)
rate <- 0.002 * exp(0.7 * (load - 1) + 0.4 * female - 0.2 * sessions)
events <- rpois(n, rate * hours)
ps <- data.frame(events = events, hours = hours, load = load, female = female, sessions = sessions)
write.csv(ps, file.path(out, "glm-poisson.csv"), row.names = FALSE, quote = FALSE)

# ---- (3) AUC with ties ----------------------------------------------------------------------
set.seed(4242)
n <- 1500
yy <- rbinom(n, 1, 0.2)
score <- round(plogis(rnorm(n, -1.5 + 0.8 * yy, 0.7)), 2)   # two decimals: ties everywhere
write.csv(data.frame(y = yy, score = score), file.path(out, "auc-ties.csv"), row.names = FALSE,
          quote = FALSE)

# ---- fits -----------------------------------------------------------------------------------
res <- list()
put <- function(fixture, quantity, term, value) {
  res[[length(res) + 1]] <<- data.frame(fixture = fixture, quantity = quantity, term = term,
                                        value = num(value))
}
record <- function(fixture, m, y) {   # AUC of the fitted values for the logistic fits only
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
record("logistic", glm(y ~ age + km_year + female + strength, data = lg, family = binomial(),
                       control = ctl), lg$y)
record("poisson", glm(events ~ load + female + sessions + offset(log(hours)), data = ps,
                      family = poisson(), control = ctl), ps$events)

put("auc-ties", "auc", "", auc(score, yy))
put("auc-ties", "auc_reversed", "", auc(-score, yy))
put("auc-ties", "n", "", length(yy))
put("auc-ties", "events", "", sum(yy))

# ---- (4) the plan's P2 and P3 on the reference analysis set, as reference.R selects them -------
P <- read.csv(analysis_set, stringsAsFactors = FALSE)
covs <- c("peak_hip_add", "peak_pelvic_drop", "hip_abd", "hip_er", "df_lunge", "km_week", "sexF",
          "age", "bmi", "prior_itbs")
cont <- setdiff(covs, c("sexF", "prior_itbs"))
stdz <- function(df, cols) { for (c in cols) df[[c]] <- (df[[c]] - mean(df[[c]])) / sd(df[[c]]); df }
# reference.R keeps (event and time <= 365) or (followup_end - enrolment >= 365); the analysis set
# has no follow-up end, and time >= 365 is the same selection on data where no onset falls after
# the follow-up end (cef-1 requires onset_date <= followup_end_date)
P2 <- P[(P$event == 1 & P$time <= 365) | P$time >= 365, ]
P2$y <- as.integer(P2$event == 1 & P2$time <= 365)
P2 <- stdz(P2[complete.cases(P2[, c(covs, "y")]), ], cont)
m2 <- glm(as.formula(paste("y ~", paste(covs, collapse = " + "))), data = P2, family = binomial(),
          control = ctl)
record("p2", m2, P2$y)
P3 <- stdz(P[P$exposure_h > 0 & complete.cases(P[, c(covs, "event")]), ], cont)
m3 <- glm(as.formula(paste("event ~", paste(covs, collapse = " + "), "+ offset(log(exposure_h))")),
          data = P3, family = poisson(), control = ctl)
record("p3", m3, P3$event)

write.csv(do.call(rbind, res), file.path(out, "glm-expected.csv"), row.names = FALSE, quote = FALSE)

# ---- (5) chi-square quantiles and distribution function --------------------------------------
grid <- expand.grid(p = c(1e-12, 1e-6, 0.001, 0.025, 0.1, 0.5, 0.9, 0.975, 0.999, 1 - 1e-9),
                    df = c(0.1, 0.5, 1, 2, 3, 7.5, 10, 30, 122, 124, 1000, 10000, 200000))
grid$q <- qchisq(grid$p, grid$df)
grid$x <- grid$df * c(0.01, 0.3, 0.9, 1, 1.1, 2, 5)[(seq_len(nrow(grid)) - 1) %% 7 + 1]
grid$cdf <- pchisq(grid$x, grid$df)
grid[] <- lapply(grid, num)
write.csv(grid, file.path(out, "chisq-expected.csv"), row.names = FALSE, quote = FALSE)

cat("wrote", nrow(lg), "logistic rows,", nrow(ps), "Poisson rows,", length(yy), "AUC rows,",
    length(res), "expected values,", nrow(grid), "chi-square rows to", out, "\n")
