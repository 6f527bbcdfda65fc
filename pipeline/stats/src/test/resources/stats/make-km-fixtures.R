# Reference numbers for org.itbs.stats.KaplanMeier and LogRank, computed with R's survival.
#
# How to regenerate the committed fixtures (R >= 4.2 with survival >= 3.5, e.g. Debian packages
# r-base-core and r-cran-survival), from the repository root:
#
#   Rscript pipeline/stats/src/test/resources/stats/make-km-fixtures.R \
#       pipeline/stats/src/test/resources/stats \
#       pipeline/stats/src/test/resources/stats/cohort-a.analysis_set.csv
#
# Usage: Rscript make-km-fixtures.R OUT_DIR ANALYSIS_SET_CSV
# Writes into OUT_DIR:
#   km-data.csv            seeded synthetic right-censored data in whole days (id, time, status,
#                          group A/B/C, load, load_tertile): many tied times, events and censorings on
#                          the same day, group C ends with every runner still at risk having the event
#                          (S = 0, Greenwood SE undefined) and group B ends censored; load is rounded
#                          so that values tie at its tertile cut points; load_tertile is R's
#                          cut(load, quantile(load, c(0, 1/3, 2/3, 1)), include.lowest = TRUE) as T1..T3
#   km-expected.csv        fixture,group,time,n.risk,n.event,surv,std.err: summary(survfit(...)) at
#                          every event time, by group ("by-group") and for all rows ("overall", group "all")
#   km-at-times.csv        fixture,group,time,n.risk,surv: summary(fit, times = ..., extend = TRUE) at
#                          times between, on, before and after the event times
#   logrank-expected.csv   fixture,group,n,obs,exp,chisq,df,p: survdiff(Surv(time, status) ~ group)
#                          for the three groups, for A against B only, for the load tertiles, and for
#                          the analysis set split by tertile of peak_hip_add ("cohort-a-tertiles")
#   cohort-a-tertiles.csv  participant_id,tertile: R's tertile of peak_hip_add for every analysis-set row
# The data are drawn with set.seed(), so the same R version writes the same files; the Java tests read
# the committed files and never need R.
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-km-fixtures.R OUT_DIR ANALYSIS_SET_CSV")
out <- args[1]; analysis_set <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
num <- function(x) trimws(formatC(x, digits = 17, format = "g"))
tertile <- function(x) {
  t <- cut(x, quantile(x, c(0, 1/3, 2/3, 1), type = 7), include.lowest = TRUE)
  paste0("T", as.integer(t))
}

# ---- synthetic data: three groups, tied whole days, censoring ---------------------------------
set.seed(20241126)
sizes <- c(A = 70, B = 60, C = 50)
rate <- c(A = 0.004, B = 0.008, C = 0.015)
rows <- list()
for (g in names(sizes)) {
  n <- sizes[[g]]
  t_event <- rexp(n, rate[[g]])
  t_cens <- runif(n, 30, 365)
  time <- ceiling(pmin(t_event, t_cens) / 7) * 7      # weekly visits: many ties
  status <- as.integer(t_event <= t_cens)
  rows[[g]] <- data.frame(time = time, status = status, group = g)
}
d <- do.call(rbind, rows)
# group B ends censored; group C ends with both runners still at risk having the event (S = 0)
d <- rbind(d, data.frame(time = c(400, 400), status = c(0L, 0L), group = "B"))
d <- rbind(d, data.frame(time = c(371, 371), status = c(1L, 1L), group = "C"))
# an event and a censoring on the same day in every group
d <- rbind(d, data.frame(time = c(21, 21, 21, 21, 21, 21), status = c(1L, 0L, 1L, 0L, 1L, 0L),
                         group = c("A", "A", "B", "B", "C", "C")))
d <- d[sample(nrow(d)), ]                              # rows in no particular order
d$id <- seq_len(nrow(d))
d$load <- round(rnorm(nrow(d), 10, 2))                 # integers: ties at the cut points
d$load_tertile <- tertile(d$load)
d <- d[, c("id", "time", "status", "group", "load", "load_tertile")]
write.csv(d, file.path(out, "km-data.csv"), row.names = FALSE, quote = FALSE)

# ---- Kaplan-Meier ------------------------------------------------------------------------------
km_rows <- function(fixture, fit) {
  s <- summary(fit)
  grp <- if (is.null(s$strata)) rep("all", length(s$time)) else sub("^group=", "", as.character(s$strata))
  data.frame(fixture = fixture, group = grp, time = num(s$time), n.risk = num(s$n.risk),
             n.event = num(s$n.event), surv = num(s$surv), std.err = num(s$std.err))
}
by_group <- survfit(Surv(time, status) ~ group, data = d)
overall <- survfit(Surv(time, status) ~ 1, data = d)
write.csv(rbind(km_rows("by-group", by_group), km_rows("overall", overall)),
          file.path(out, "km-expected.csv"), row.names = FALSE, quote = FALSE)

times <- c(0, 1, 7, 20.5, 21, 100, 182.5, 364, 365, 371, 372, 400, 401, 1000)
at_rows <- function(fixture, fit) {
  s <- summary(fit, times = times, extend = TRUE)
  grp <- if (is.null(s$strata)) rep("all", length(s$time)) else sub("^group=", "", as.character(s$strata))
  data.frame(fixture = fixture, group = grp, time = num(s$time), n.risk = num(s$n.risk),
             surv = num(s$surv))
}
write.csv(rbind(at_rows("by-group", by_group), at_rows("overall", overall)),
          file.path(out, "km-at-times.csv"), row.names = FALSE, quote = FALSE)

# ---- log-rank ----------------------------------------------------------------------------------
lr_rows <- function(fixture, sd) {
  df <- sum(sd$exp > 0) - 1
  data.frame(fixture = fixture, group = sub("^[^=]*=", "", names(sd$n)), n = as.integer(sd$n),
             obs = num(sd$obs), exp = num(sd$exp), chisq = num(sd$chisq), df = df,
             p = num(pchisq(sd$chisq, df, lower.tail = FALSE)))
}
a <- read.csv(analysis_set)
a$tertile <- tertile(a$peak_hip_add)
write.csv(a[, c("participant_id", "tertile")], file.path(out, "cohort-a-tertiles.csv"),
          row.names = FALSE, quote = FALSE)
lr <- rbind(
  lr_rows("three-groups", survdiff(Surv(time, status) ~ group, data = d)),
  lr_rows("two-groups", survdiff(Surv(time, status) ~ group, data = d[d$group != "C", ])),
  lr_rows("load-tertiles", survdiff(Surv(time, status) ~ load_tertile, data = d)),
  lr_rows("cohort-a-tertiles", survdiff(Surv(time, event) ~ tertile, data = a)))
write.csv(lr, file.path(out, "logrank-expected.csv"), row.names = FALSE, quote = FALSE)
