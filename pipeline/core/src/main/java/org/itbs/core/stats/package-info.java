/**
 * Statistics of the analysis plan that run in one JVM without Spark: Cox proportional hazards for
 * right-censored and counting-process data ({@link org.itbs.core.stats.Cox}, {@link
 * org.itbs.core.stats.CoxModel}), checked against R's {@code survival} package.
 */
package org.itbs.core.stats;
