/**
 * Statistics of the analysis plan that run in one JVM without Spark, each checked against R: Cox
 * proportional hazards for right-censored and counting-process data, stratified or not ({@link
 * org.itbs.stats.Cox}, {@link org.itbs.stats.CoxModel}, R's {@code survival}); logistic regression
 * through Smile ({@link org.itbs.stats.Logistic}) and Poisson regression with an exposure offset
 * ({@link org.itbs.stats.Poisson}), both reporting a {@link org.itbs.stats.GlmModel} (R's {@code
 * glm}), with a categorical covariate such as the site as indicator columns ({@link
 * org.itbs.stats.Factor}); the AUC ({@link org.itbs.stats.Auc}), exact Poisson rates ({@link
 * org.itbs.stats.PoissonRate}), and the random-effects meta-analysis of the plan's M1 ({@link
 * org.itbs.stats.MetaAnalysis}: REML, Hartung–Knapp–Sidik–Jonkman with the ad hoc correction, I²,
 * Q, prediction interval; R's {@code metafor}); the plan's complete-case selection and
 * standardisation ({@link org.itbs.stats.CompleteCases}, {@link org.itbs.stats.Standardisation}).
 */
package org.itbs.stats;
