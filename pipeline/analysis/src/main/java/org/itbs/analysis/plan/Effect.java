package org.itbs.analysis.plan;

import org.itbs.stats.ConfidenceInterval;
import org.itbs.stats.CoxModel;
import org.itbs.stats.GlmModel;
import org.itbs.stats.Variance;

/**
 * One coefficient of a planned model, as a row of {@code effects.csv}.
 *
 * @param model P1, P2, P3 or R1
 * @param term the plan's name of the covariate
 * @param estimate the coefficient on the log scale (log hazard, odds or rate ratio per SD or unit)
 * @param stdError its standard error (for R1 the robust one, clustered by runner)
 * @param ratio {@code exp(estimate)}
 * @param ciLower lower end of the Wald 95% CI of the ratio
 * @param ciUpper upper end of the Wald 95% CI of the ratio
 * @param pValue two-sided Wald p-value
 * @param n runners in the model
 * @param events events in the model
 */
public record Effect(
    String model,
    String term,
    double estimate,
    double stdError,
    double ratio,
    double ciLower,
    double ciUpper,
    double pValue,
    int n,
    int events) {

  /** Coefficient {@code j} of a Cox fit under variance {@code v}: hazard ratio and Wald CI. */
  public static Effect ofCox(String model, CoxModel m, int j, Variance v, int n, int events) {
    ConfidenceInterval ci = m.hazardRatioInterval(j, v);
    return new Effect(
        model,
        m.termNames().get(j),
        m.coefficients()[j],
        m.standardError(j, v),
        m.hazardRatio(j),
        ci.lower(),
        ci.upper(),
        m.pValue(j, v),
        n,
        events);
  }

  /** Coefficient {@code j} of a GLM fit: odds or rate ratio and Wald CI, the fit's n and events. */
  public static Effect ofGlm(String model, GlmModel m, int j) {
    ConfidenceInterval ci = m.ratioInterval(j);
    return new Effect(
        model,
        m.termNames().get(j),
        m.coefficients()[j],
        m.standardError(j),
        m.ratio(j),
        ci.lower(),
        ci.upper(),
        m.pValue(j),
        m.n(),
        m.events());
  }

  /** The header of {@code effects.csv}. */
  public static final String CSV_HEADER =
      "model,term,estimate,std_error,ratio,ci_lower,ci_upper,p_value,n,events";

  /** The row as a line of {@code effects.csv}, numbers at full precision. */
  public String toCsv() {
    return String.join(
        ",",
        model,
        term,
        Double.toString(estimate),
        Double.toString(stdError),
        Double.toString(ratio),
        Double.toString(ciLower),
        Double.toString(ciUpper),
        Double.toString(pValue),
        Integer.toString(n),
        Integer.toString(events));
  }

  /**
   * Reads a line of {@code effects.csv} back, the inverse of {@link #toCsv()}.
   *
   * @throws IllegalArgumentException when the line does not have the columns of {@link #CSV_HEADER}
   *     or a number does not parse
   */
  public static Effect fromCsv(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 10) {
      throw new IllegalArgumentException(
          "effects line has " + f.length + " fields, expected 10 (" + CSV_HEADER + "): " + line);
    }
    try {
      return new Effect(
          f[0],
          f[1],
          Double.parseDouble(f[2]),
          Double.parseDouble(f[3]),
          Double.parseDouble(f[4]),
          Double.parseDouble(f[5]),
          Double.parseDouble(f[6]),
          Double.parseDouble(f[7]),
          Integer.parseInt(f[8]),
          Integer.parseInt(f[9]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "effects line holds a value that is not a number: " + line, e);
    }
  }
}
