package org.itbs.contribute.cli;

import java.util.Locale;
import org.itbs.core.submission.DisclosureRisk;

/** The disclosure-risk figures of a submission as lines for the clinic. */
final class RiskText {
  private RiskText() {}

  /**
   * Two to four lines: the quasi-identifiers, the figures, the policy and, when the asked k was not
   * reached, a warning; no trailing line end.
   */
  static String lines(DisclosureRisk d) {
    DisclosureRisk.Policy p = d.policy();
    StringBuilder s = new StringBuilder();
    s.append("re-identification risk within the site, on ")
        .append(String.join(", ", d.quasiIdentifiers()))
        .append(":\n");
    s.append(
        String.format(
            Locale.ROOT,
            "  %d runners, smallest class k = %d, %d runners (%.1f%%) in classes smaller than 5,"
                + " highest risk 1/k = %.3f",
            d.runners(),
            d.kMin(),
            d.runnersBelowK5(),
            100 * d.shareBelowK5(),
            d.maxRisk()));
    s.append("\n  released: age_years ")
        .append(p.ageYears())
        .append("; bmi ")
        .append(p.bmi())
        .append("; running_years ")
        .append(p.runningYears());
    if (p.kAnonymity() != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "\n  --k-anonymity %d: %d runners' age, BMI and running years withheld",
              p.kAnonymity(),
              p.withheldRunners()));
      if (!d.isKAnonymous(p.kAnonymity())) {
        s.append(
            String.format(
                Locale.ROOT,
                "\n  warning: k = %d not reached (smallest class %d): too few runners of one sex"
                    + " and prior ITBS",
                p.kAnonymity(),
                d.kMin()));
      }
    }
    return s.toString();
  }
}
