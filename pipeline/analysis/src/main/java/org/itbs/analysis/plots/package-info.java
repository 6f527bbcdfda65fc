/**
 * Publication figures of the report as self-contained SVG text, written without any graphics
 * library: a forest plot of the plan's effects ({@link org.itbs.analysis.plots.ForestPlot}) and
 * cumulative incidence curves with a numbers-at-risk table ({@link
 * org.itbs.analysis.plots.IncidencePlot}). Output is deterministic: the same input gives the same
 * bytes, every number formatted with {@link java.util.Locale#ROOT}.
 */
package org.itbs.analysis.plots;
