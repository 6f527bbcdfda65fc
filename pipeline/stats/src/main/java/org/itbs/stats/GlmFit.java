package org.itbs.stats;

import java.util.List;
import java.util.Locale;

/** The immutable result of {@link Logistic} and {@link Poisson} fits. */
final class GlmFit implements GlmModel {
  private final Family family;
  private final List<String> names;
  private final double[] beta; // intercept first
  private final double[] se; // intercept first
  private final double[] fitted;
  private final double deviance;
  private final double nullDeviance;
  private final double logLik;
  private final boolean converged;
  private final int events;

  GlmFit(
      Family family,
      List<String> names,
      double[] beta,
      double[] se,
      double[] fitted,
      double deviance,
      double nullDeviance,
      double logLik,
      boolean converged,
      int events) {
    this.family = family;
    this.names = List.copyOf(names);
    this.beta = beta.clone();
    this.se = se.clone();
    this.fitted = fitted.clone();
    this.deviance = deviance;
    this.nullDeviance = nullDeviance;
    this.logLik = logLik;
    this.converged = converged;
    this.events = events;
  }

  @Override
  public Family family() {
    return family;
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
    double[] b = new double[names.size()];
    System.arraycopy(beta, 1, b, 0, b.length);
    return b;
  }

  @Override
  public double[] standardErrors() {
    double[] s = new double[names.size()];
    System.arraycopy(se, 1, s, 0, s.length);
    return s;
  }

  @Override
  public double intercept() {
    return beta[0];
  }

  @Override
  public double interceptStandardError() {
    return se[0];
  }

  @Override
  public double standardError(int term) {
    check(term);
    return se[term + 1];
  }

  @Override
  public double ratio(int term) {
    check(term);
    return Math.exp(beta[term + 1]);
  }

  @Override
  public ConfidenceInterval ratioInterval(int term) {
    double s = standardError(term);
    double b = beta[term + 1];
    return new ConfidenceInterval(Math.exp(b - Normal.Z_975 * s), Math.exp(b + Normal.Z_975 * s));
  }

  @Override
  public double zValue(int term) {
    return beta[term + 1] / standardError(term);
  }

  @Override
  public double pValue(int term) {
    return Normal.twoSidedP(zValue(term));
  }

  @Override
  public double[] fittedValues() {
    return fitted.clone();
  }

  @Override
  public double deviance() {
    return deviance;
  }

  @Override
  public double nullDeviance() {
    return nullDeviance;
  }

  @Override
  public double logLikelihood() {
    return logLik;
  }

  @Override
  public boolean converged() {
    return converged;
  }

  @Override
  public int n() {
    return fitted.length;
  }

  @Override
  public int events() {
    return events;
  }

  /** A table like R's {@code summary(glm)}: one line per term, then the fit statistics. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s model: n=%d, events=%d%n",
            family == Family.LOGISTIC ? "Logistic" : "Poisson (log exposure offset)",
            n(),
            events));
    String r = family == Family.LOGISTIC ? "OR" : "IRR";
    s.append(
        String.format(
            Locale.ROOT,
            "%-20s %12s %12s %12s %12s %10s %12s%n",
            "term",
            "coef",
            r,
            "se",
            r + " 95% low",
            r + " 95% up",
            "p"));
    s.append(
        String.format(
            Locale.ROOT,
            "%-20s %12.6g %12s %12.6g %12s %10s %12.4g%n",
            "(intercept)",
            beta[0],
            "",
            se[0],
            "",
            "",
            Normal.twoSidedP(beta[0] / se[0])));
    for (int i = 0; i < names.size(); i++) {
      ConfidenceInterval ci = ratioInterval(i);
      s.append(
          String.format(
              Locale.ROOT,
              "%-20s %12.6g %12.6g %12.6g %12.6g %10.6g %12.4g%n",
              names.get(i),
              beta[i + 1],
              ratio(i),
              standardError(i),
              ci.lower(),
              ci.upper(),
              pValue(i)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "deviance %.6f (null %.6f), log likelihood %.6f%s",
            deviance,
            nullDeviance,
            logLik,
            converged ? "" : " (NOT converged)"));
    return s.toString();
  }

  private void check(int term) {
    if (term < 0 || term >= names.size()) {
      throw new IllegalArgumentException(
          "term index " + term + " is outside 0.." + (names.size() - 1) + " " + names);
    }
  }
}
