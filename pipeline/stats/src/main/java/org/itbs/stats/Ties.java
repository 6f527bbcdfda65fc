package org.itbs.stats;

/** How a Cox fit handles several events at the same time. */
public enum Ties {
  /**
   * Efron's approximation: for {@code d} events at one time, the {@code k}-th of the {@code d}
   * log-terms ({@code k = 0 … d-1}) keeps only {@code 1 - k/d} of the tied events' risk in the
   * denominator. The default, as in R's {@code coxph} and the analysis plan.
   */
  EFRON,
  /** Breslow's approximation: every tied event sees the whole risk set. */
  BRESLOW
}
