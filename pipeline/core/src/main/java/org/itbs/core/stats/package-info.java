/**
 * Statistics of the analysis plan that run in one JVM without Spark, each checked against R: Cox
 * proportional hazards for right-censored and counting-process data ({@link
 * org.itbs.core.stats.Cox}, {@link org.itbs.core.stats.CoxModel}, R's {@code survival}); logistic
 * regression through Smile ({@link org.itbs.core.stats.Logistic}) and Poisson regression with an
 * exposure offset ({@link org.itbs.core.stats.Poisson}), both reporting a {@link
 * org.itbs.core.stats.GlmModel} (R's {@code glm}); the AUC ({@link org.itbs.core.stats.Auc}), exact
 * Poisson rates ({@link org.itbs.core.stats.PoissonRate}), and the plan's complete-case selection
 * and standardisation ({@link org.itbs.core.stats.CompleteCases}, {@link
 * org.itbs.core.stats.Standardisation}).
 */
package org.itbs.core.stats;
