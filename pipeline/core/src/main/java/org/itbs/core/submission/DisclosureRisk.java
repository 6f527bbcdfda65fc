package org.itbs.core.submission;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The re-identification risk of a submission's released quasi-identifiers, measured by the clinic
 * within its site, as ARX reports it for the prosecutor model: runners who share every
 * quasi-identifier value form an equivalence class of size k; a runner's re-identification
 * probability is 1/k.
 *
 * @param quasiIdentifiers the columns measured, in order, e.g. {@code sex, age_years, bmi (whole
 *     units), running_years, prior_itbs}
 * @param runners runners measured: rows of participants.csv with a participant_id; a runner whose
 *     age_years, bmi and running_years were withheld is measured with those values withheld
 * @param kMin the smallest class, 0 when no runner was measured
 * @param runnersBelowK5 runners in classes smaller than 5
 * @param shareBelowK5 {@code runnersBelowK5 / runners}, 0 when no runner was measured
 * @param maxRisk the highest re-identification probability, {@code 1 / kMin} (0 without runners)
 * @param policy how the quasi-identifiers were released
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DisclosureRisk(
    @JsonProperty("quasi_identifiers") List<String> quasiIdentifiers,
    @JsonProperty("runners") long runners,
    @JsonProperty("k_min") long kMin,
    @JsonProperty("runners_below_k5") long runnersBelowK5,
    @JsonProperty("share_below_k5") double shareBelowK5,
    @JsonProperty("max_risk") double maxRisk,
    @JsonProperty("policy") Policy policy)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Checks the record's invariants. */
  public DisclosureRisk {
    quasiIdentifiers = List.copyOf(quasiIdentifiers);
    Objects.requireNonNull(policy, "policy");
    if (runners < 0 || kMin < 0 || runnersBelowK5 < 0 || runnersBelowK5 > runners) {
      throw new IllegalArgumentException(
          "counts must be non-negative and runners_below_k5 at most runners: runners "
              + runners
              + ", k_min "
              + kMin
              + ", runners_below_k5 "
              + runnersBelowK5);
    }
  }

  /**
   * How the clinic released the quasi-identifiers.
   *
   * @param kAnonymity the k the clinic asked for ({@code --k-anonymity}), or null when none
   * @param ageYears how age_years was released, e.g. {@code whole years, top-coded at 90}
   * @param bmi how bmi was released, e.g. {@code 0.1 kg/m²}
   * @param runningYears how running_years was released, e.g. {@code whole years, rounded down}
   * @param withheldRunners runners whose age_years, bmi and running_years were withheld to reach
   *     {@code kAnonymity}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Policy(
      @JsonProperty("k_anonymity") Integer kAnonymity,
      @JsonProperty("age_years") String ageYears,
      @JsonProperty("bmi") String bmi,
      @JsonProperty("running_years") String runningYears,
      @JsonProperty("withheld_runners") long withheldRunners)
      implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Checks the record's invariants. */
    public Policy {
      Objects.requireNonNull(ageYears, "ageYears");
      Objects.requireNonNull(bmi, "bmi");
      Objects.requireNonNull(runningYears, "runningYears");
      if (kAnonymity != null && kAnonymity < 1) {
        throw new IllegalArgumentException("k_anonymity must be at least 1, not " + kAnonymity);
      }
      if (withheldRunners < 0) {
        throw new IllegalArgumentException("withheld_runners cannot be negative");
      }
    }
  }

  /** Whether the smallest class reaches {@code k}. */
  public boolean isKAnonymous(int k) {
    return kMin >= k;
  }
}
