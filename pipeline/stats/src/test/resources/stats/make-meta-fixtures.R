# Reference numbers for org.itbs.stats.MetaAnalysis (random-effects meta-analysis: REML tau2,
# Hartung-Knapp-Sidik-Jonkman, the ad hoc correction, I2, Q, prediction interval), computed with
# R's metafor on published example data sets that ship with it (package metadat).
#
# How to regenerate the committed fixtures (R >= 4.2 with metafor 3.8, e.g. Debian packages
# r-base-core and r-cran-metafor), from the repository root:
#
#   Rscript pipeline/stats/src/test/resources/stats/make-meta-fixtures.R \
#       pipeline/stats/src/test/resources/stats
#
# Usage: Rscript make-meta-fixtures.R OUT_DIR
# Writes into OUT_DIR:
#   meta-data.csv      fixture,yi,sei: each fixture's estimates (log scale) and standard errors
#   meta-expected.csv  one row per fixture: what rma(yi, sei = sei, method = "REML", test = "knha")
#                      and test = "z" report, with the control of reference-v2.R
#                      (threshold 1e-12, maxiter 1000): k, tau2, I2, QE, QEp, the pooled estimate,
#                      the z and knha SEs, metafor's knha CI and p and predict()'s prediction
#                      interval (knha SE), and, as reference-v2.R computes them, the SE with the
#                      ad hoc correction (max of knha and z), its t CI and p, and the prediction
#                      interval with it
# Fixtures:
#   bcg          dat.bcg, log risk ratios of 13 BCG vaccine trials (escalc "RR"; Colditz et al. 1994)
#   bcg_first3   its first 3 trials (k = 3, the size of reference cohort B)
#   bcg_first2   its first 2 trials (k = 2, one degree of freedom)
#   normand      dat.normand1999, mean differences in length of stay of 9 stroke-care studies
#                (escalc "MD"; Normand 1999)
#   hackshaw     dat.hackshaw1998, log odds ratios of 37 studies of passive smoking and lung cancer
#                (the yi and vi it ships with; Hackshaw et al. 1997)
#   hackshaw_4   its studies 1-4 (tau2 at the REML boundary 0; the ad hoc correction bites)
# The Java tests read the committed files and never need R.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript make-meta-fixtures.R OUT_DIR")
out <- args[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
suppressMessages(library(metafor))
num <- function(x) trimws(formatC(x, digits = 17, format = "g"))
ctl <- list(threshold = 1e-12, maxiter = 1000)   # the control of reference-v2.R

bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
normand <- escalc(measure = "MD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i,
  n2i = n2i, data = dat.normand1999)
hack <- dat.hackshaw1998
sets <- list(
  bcg = bcg, bcg_first3 = bcg[1:3, ], bcg_first2 = bcg[1:2, ], normand = normand,
  hackshaw = hack, hackshaw_4 = hack[1:4, ])

data_rows <- list(); exp_rows <- list()
for (name in names(sets)) {
  d <- sets[[name]]
  yi <- as.numeric(d$yi); sei <- sqrt(as.numeric(d$vi))
  data_rows[[name]] <- data.frame(fixture = name, yi = num(yi), sei = num(sei))
  r <- rma(yi = yi, sei = sei, method = "REML", test = "knha", control = ctl)
  rz <- rma(yi = yi, sei = sei, method = "REML", test = "z", control = ctl)
  pr <- predict(r)
  b <- as.numeric(r$b); k <- r$k; crit <- qt(0.975, k - 1)
  se <- max(r$se, rz$se)                      # the ad hoc correction, as reference-v2.R
  half_pi <- crit * sqrt(r$tau2 + se^2)
  exp_rows[[name]] <- data.frame(fixture = name, k = k, tau2 = num(r$tau2), i2 = num(r$I2),
    q = num(r$QE), q_p = num(r$QEp), estimate = num(b), se_z = num(rz$se), se_knha = num(r$se),
    ci_lb_knha = num(r$ci.lb), ci_ub_knha = num(r$ci.ub), p_knha = num(r$pval),
    pi_lb_knha = num(pr$pi.lb), pi_ub_knha = num(pr$pi.ub), se = num(se),
    ci_lb = num(b - crit * se), ci_ub = num(b + crit * se), p = num(2 * pt(-abs(b / se), k - 1)),
    pi_lb = num(b - half_pi), pi_ub = num(b + half_pi))
}
write.csv(do.call(rbind, data_rows), file.path(out, "meta-data.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, exp_rows), file.path(out, "meta-expected.csv"), row.names = FALSE, quote = FALSE)
