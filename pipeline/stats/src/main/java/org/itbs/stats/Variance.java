package org.itbs.stats;

/** Which variance of the coefficients a standard error, interval or test is taken from. */
public enum Variance {
  /** The model-based variance: the inverse of the information matrix at the estimate. */
  MODEL,
  /**
   * The robust (sandwich) variance clustered by the ids given to {@link Cox.Builder#cluster}: as
   * R's {@code coxph(... + cluster(id))} reports it as {@code robust se}.
   */
  ROBUST
}
