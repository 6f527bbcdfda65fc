package org.itbs.stats;

/**
 * A two-sided confidence interval.
 *
 * @param lower the lower limit, in the units of the quantity it bounds
 * @param upper the upper limit, in the units of the quantity it bounds
 */
public record ConfidenceInterval(double lower, double upper) {}
