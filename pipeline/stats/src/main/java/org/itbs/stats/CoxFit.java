package org.itbs.stats;

import java.util.List;
import java.util.Locale;

/** The immutable result of {@link Cox.Builder#fit}. */
final class CoxFit implements CoxModel {
  private final List<String> names;
  private final double[] beta;
  private final double[][] variance;
  private final double[][] robust;
  private final double logLikNull;
  private final double logLik;
  private final int iterations;
  private final boolean converged;
  private final double concordance;
  private final int n;
  private final int events;
  private final int clusters;
  private final int strata;
  private final Ties ties;

  CoxFit(
      List<String> names,
      double[] beta,
      double[][] variance,
      double[][] robust,
      double logLikNull,
      double logLik,
      int iterations,
      boolean converged,
      double concordance,
      int n,
      int events,
      int clusters,
      int strata,
      Ties ties) {
    this.names = List.copyOf(names);
    this.beta = beta.clone();
    this.variance = copy(variance);
    this.robust = robust == null ? null : copy(robust);
    this.logLikNull = logLikNull;
    this.logLik = logLik;
    this.iterations = iterations;
    this.converged = converged;
    this.concordance = concordance;
    this.n = n;
    this.events = events;
    this.clusters = clusters;
    this.strata = strata;
    this.ties = ties;
  }

  @Override
  public List<String> termNames() {
    return names;
  }

  @Override
  public int termIndex(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no term named " + name + "; the terms are " + names);
    }
    return i;
  }

  @Override
  public double[] coefficients() {
    return beta.clone();
  }

  @Override
  public double[] standardErrors() {
    return diagonalRoot(variance);
  }

  @Override
  public boolean hasRobustVariance() {
    return robust != null;
  }

  @Override
  public double[] robustStandardErrors() {
    return diagonalRoot(robustOrThrow());
  }

  @Override
  public double[][] variance() {
    return copy(variance);
  }

  @Override
  public double[][] robustVariance() {
    return copy(robustOrThrow());
  }

  @Override
  public double standardError(int term, Variance kind) {
    check(term);
    double[][] v = kind == Variance.ROBUST ? robustOrThrow() : variance;
    return Math.sqrt(v[term][term]);
  }

  @Override
  public double hazardRatio(int term) {
    check(term);
    return Math.exp(beta[term]);
  }

  @Override
  public ConfidenceInterval hazardRatioInterval(int term, Variance kind) {
    double se = standardError(term, kind);
    return new ConfidenceInterval(
        Math.exp(beta[term] - Normal.Z_975 * se), Math.exp(beta[term] + Normal.Z_975 * se));
  }

  @Override
  public double zValue(int term, Variance kind) {
    double se = standardError(term, kind);
    return beta[term] / se;
  }

  @Override
  public double pValue(int term, Variance kind) {
    return Normal.twoSidedP(zValue(term, kind));
  }

  @Override
  public double logLikelihoodNull() {
    return logLikNull;
  }

  @Override
  public double logLikelihood() {
    return logLik;
  }

  @Override
  public int iterations() {
    return iterations;
  }

  @Override
  public boolean converged() {
    return converged;
  }

  @Override
  public double concordance() {
    return concordance;
  }

  @Override
  public int n() {
    return n;
  }

  @Override
  public int events() {
    return events;
  }

  @Override
  public int clusters() {
    return clusters;
  }

  @Override
  public int strata() {
    return strata;
  }

  @Override
  public Ties ties() {
    return ties;
  }

  /** A table like R's {@code summary(coxph)}: one line per term, then the fit statistics. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Cox model (%s ties): n=%d, events=%d%s%s%n",
            ties.name().toLowerCase(Locale.ROOT),
            n,
            events,
            clusters > 0 ? ", clusters=" + clusters : "",
            strata > 0 ? ", strata=" + strata : ""));
    Variance kind = robust != null ? Variance.ROBUST : Variance.MODEL;
    s.append(
        String.format(
            Locale.ROOT,
            "%-20s %12s %12s %12s %12s %10s %12s%n",
            "term",
            "coef",
            "HR",
            kind == Variance.ROBUST ? "robust se" : "se",
            "HR 95% low",
            "HR 95% up",
            "p"));
    for (int i = 0; i < beta.length; i++) {
      ConfidenceInterval ci = hazardRatioInterval(i, kind);
      s.append(
          String.format(
              Locale.ROOT,
              "%-20s %12.6g %12.6g %12.6g %12.6g %10.6g %12.4g%n",
              names.get(i),
              beta[i],
              hazardRatio(i),
              standardError(i, kind),
              ci.lower(),
              ci.upper(),
              pValue(i, kind)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "log partial likelihood %.6f (null %.6f), iterations %d%s, concordance %.6f",
            logLik,
            logLikNull,
            iterations,
            converged ? "" : " (NOT converged)",
            concordance));
    return s.toString();
  }

  private double[][] robustOrThrow() {
    if (robust == null) {
      throw new IllegalStateException(
          "no robust variance: the fit was not given cluster ids (Cox.builder().cluster(ids))");
    }
    return robust;
  }

  private void check(int term) {
    if (term < 0 || term >= beta.length) {
      throw new IllegalArgumentException(
          "term index " + term + " is outside 0.." + (beta.length - 1) + " " + names);
    }
  }

  private static double[] diagonalRoot(double[][] m) {
    double[] d = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      d[i] = Math.sqrt(m[i][i]);
    }
    return d;
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
