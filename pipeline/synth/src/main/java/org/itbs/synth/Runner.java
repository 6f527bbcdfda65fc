package org.itbs.synth;

/**
 * What the generator keeps of one runner between writing the baseline files and simulating the
 * outcomes: dates and the covariates of the onset model as the analysis plan derives them from the
 * written export (so the hazard acts on exactly the values an analysis sees). About 150 bytes, so
 * 100,000 runners stay small.
 */
final class Runner {
  final Site site;
  final int index;
  final String id;
  final long enrol;
  final long end;
  final boolean female;
  final boolean prior;

  /** Derived covariate values in {@link Covariate} order. */
  final double[] x = new double[Covariate.values().length];

  /** Mean per-stance peak knee internal rotation and ankle dorsiflexion (not in the models). */
  double peakKneeIr;

  double peakDf;

  Runner(Site site, int index, String id, long enrol, long end, boolean female, boolean prior) {
    this.site = site;
    this.index = index;
    this.id = id;
    this.enrol = enrol;
    this.end = end;
    this.female = female;
    this.prior = prior;
    x[Covariate.SEX.ordinal()] = female ? 1 : 0;
    x[Covariate.PRIOR_ITBS.ordinal()] = prior ? 1 : 0;
  }

  double x(Covariate c) {
    return x[c.ordinal()];
  }

  void set(Covariate c, double v) {
    x[c.ordinal()] = v;
  }

  /** Days of follow-up, from enrolment to follow-up end. */
  long followupDays() {
    return end - enrol;
  }
}
