package org.itbs.synth;

import java.util.Locale;

/**
 * What {@link CohortGenerator} generates: how many sites and runners, the seed, the gait trials,
 * the ITBS incidence and the rate of other injuries, and whether to inject the faults real exports
 * carry. Build with {@link #builder()}; every setter checks its argument and names the bad value.
 */
public final class CohortSpec {
  /** Default share of runners with an ITBS onset during follow-up (about 15 %). */
  public static final double DEFAULT_ITBS_INCIDENCE = 0.15;

  /** Default rate of non-ITBS running injuries, per runner-year of follow-up. */
  public static final double DEFAULT_OTHER_INJURIES_PER_YEAR = 0.85;

  /** Default length of one gait trial, in seconds (410 frames per side, as in cohort-a). */
  public static final double DEFAULT_TRIAL_SECONDS = 2.05;

  /** The greatest number of sites (site codes and id prefixes stay unique up to it). */
  public static final int MAX_SITES = 500;

  /** Whether the export is clean or carries the faults real exports carry. */
  public enum Faults {
    /** Every row valid against the cef-1 dictionary. */
    NONE,
    /** Identifier columns, invalid values, duplicates and a BOM/CRLF file; see faults.json. */
    MESSY
  }

  private final int sites;
  private final int runners;
  private final long seed;
  private final Faults faults;
  private final int trials;
  private final double trialSeconds;
  private final double itbsIncidence;
  private final double otherInjuriesPerYear;

  private CohortSpec(Builder b) {
    this.sites = b.sites;
    this.runners = b.runners;
    this.seed = b.seed;
    this.faults = b.faults;
    this.trials = b.trials;
    this.trialSeconds = b.trialSeconds;
    this.itbsIncidence = b.itbsIncidence;
    this.otherInjuriesPerYear = b.otherInjuriesPerYear;
  }

  /** A builder with the defaults: 3 sites, 1000 runners, seed 1, clean, one 2.05 s trial. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of sites (clinics), each written to its own folder. */
  public int sites() {
    return sites;
  }

  /** Number of runners over all sites. */
  public int runners() {
    return runners;
  }

  /** The seed: the same seed and spec give byte-identical output. */
  public long seed() {
    return seed;
  }

  /** Whether faults are injected. */
  public Faults faults() {
    return faults;
  }

  /** Gait trials per runner in the baseline session. */
  public int trials() {
    return trials;
  }

  /** Length of one gait trial, in seconds (sampled at 200 Hz per side). */
  public double trialSeconds() {
    return trialSeconds;
  }

  /** Target share of runners with an ITBS onset during their follow-up (0 gives no ITBS). */
  public double itbsIncidence() {
    return itbsIncidence;
  }

  /** Rate of non-ITBS injuries per runner-year of follow-up (0 gives none). */
  public double otherInjuriesPerYear() {
    return otherInjuriesPerYear;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "CohortSpec[sites=%d, runners=%d, seed=%d, faults=%s, trials=%d, trialSeconds=%s,"
            + " itbsIncidence=%s, otherInjuriesPerYear=%s]",
        sites,
        runners,
        seed,
        faults,
        trials,
        trialSeconds,
        itbsIncidence,
        otherInjuriesPerYear);
  }

  /** Collects the options of a {@link CohortSpec}. */
  public static final class Builder {
    private int sites = 3;
    private int runners = 1000;
    private long seed = 1;
    private Faults faults = Faults.NONE;
    private int trials = 1;
    private double trialSeconds = DEFAULT_TRIAL_SECONDS;
    private double itbsIncidence = DEFAULT_ITBS_INCIDENCE;
    private double otherInjuriesPerYear = DEFAULT_OTHER_INJURIES_PER_YEAR;

    private Builder() {}

    /**
     * Number of sites, 1 to {@value CohortSpec#MAX_SITES}.
     *
     * @throws IllegalArgumentException when outside that range
     */
    public Builder sites(int n) {
      if (n < 1 || n > MAX_SITES) {
        throw new IllegalArgumentException(
            "sites must be between 1 and " + MAX_SITES + ", got " + n);
      }
      this.sites = n;
      return this;
    }

    /**
     * Number of runners over all sites, at least 1 (and at least the number of sites, checked by
     * {@link #build()}).
     *
     * @throws IllegalArgumentException when below 1
     */
    public Builder runners(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("runners must be at least 1, got " + n);
      }
      this.runners = n;
      return this;
    }

    /** The seed of every random draw. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Clean export or one with injected faults. */
    public Builder faults(Faults f) {
      this.faults = java.util.Objects.requireNonNull(f, "faults");
      return this;
    }

    /**
     * Gait trials per runner, 1 to 50.
     *
     * @throws IllegalArgumentException when outside that range
     */
    public Builder trials(int n) {
      if (n < 1 || n > 50) {
        throw new IllegalArgumentException("trials must be between 1 and 50, got " + n);
      }
      this.trials = n;
      return this;
    }

    /**
     * Seconds per gait trial, 1 to 120 (at least one complete stance per side needs about 1 s).
     *
     * @throws IllegalArgumentException when outside that range or not a number
     */
    public Builder trialSeconds(double s) {
      if (!(s >= 1.0 && s <= 120.0)) {
        throw new IllegalArgumentException("trial seconds must be between 1 and 120 (s), got " + s);
      }
      this.trialSeconds = s;
      return this;
    }

    /**
     * Target share of runners with an ITBS onset during follow-up, 0 to 0.9.
     *
     * @throws IllegalArgumentException when outside that range or not a number
     */
    public Builder itbsIncidence(double p) {
      if (!(p >= 0 && p <= 0.9)) {
        throw new IllegalArgumentException("ITBS incidence must be between 0 and 0.9, got " + p);
      }
      this.itbsIncidence = p;
      return this;
    }

    /**
     * Non-ITBS injuries per runner-year, 0 to 5.
     *
     * @throws IllegalArgumentException when outside that range or not a number
     */
    public Builder otherInjuriesPerYear(double rate) {
      if (!(rate >= 0 && rate <= 5)) {
        throw new IllegalArgumentException(
            "other injuries per year must be between 0 and 5, got " + rate);
      }
      this.otherInjuriesPerYear = rate;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException when there are fewer runners than sites
     */
    public CohortSpec build() {
      if (runners < sites) {
        throw new IllegalArgumentException(
            "runners (" + runners + ") must be at least the number of sites (" + sites + ")");
      }
      return new CohortSpec(this);
    }
  }
}
