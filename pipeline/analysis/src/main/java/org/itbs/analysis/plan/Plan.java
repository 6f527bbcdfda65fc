package org.itbs.analysis.plan;

import java.util.Locale;

/** The versions of the statistical analysis plan the pipeline can follow. */
public enum Plan {
  /** {@code analysis-plan v1}: kept so that every output made under it can be reproduced. */
  V1(PlanV1.VERSION),
  /** {@code analysis-plan v2}, the default. */
  V2(PlanV2.VERSION);

  private final String version;

  Plan(String version) {
    this.version = version;
  }

  /** The plan as every output states it, e.g. {@code "analysis-plan v2"}. */
  public String version() {
    return version;
  }

  /** Runs the plan's primary analyses. */
  public PlanResult run(AnalysisSet set, RecurrenceIntervals intervals) {
    return this == V1 ? PlanV1.run(set, intervals) : PlanV2.run(set, intervals);
  }

  /**
   * The plan a command-line value names: {@code v1} or {@code v2} (case-insensitive).
   *
   * @throws IllegalArgumentException for any other value
   */
  public static Plan of(String value) {
    return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
      case "v1" -> V1;
      case "v2" -> V2;
      default ->
          throw new IllegalArgumentException(
              "--plan " + value + ": expected v1 or v2 (analysis-plan v1 or v2)");
    };
  }
}
