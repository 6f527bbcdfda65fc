package org.itbs.contribute;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.itbs.core.submission.DisclosureRisk;

/**
 * Measures and, when asked, limits the re-identification risk of the quasi-identifiers a clinic
 * releases, within its site (the prosecutor model of ARX): runners who share every quasi-identifier
 * form an equivalence class of size k, and each has re-identification probability 1/k.
 *
 * <p><b>{@code --k-anonymity K}.</b> The release climbs the fixed {@link Generalisation#HIERARCHY}
 * to the first level at which at most {@value #MAX_WITHHELD_SHARE} of the runners are in classes
 * smaller than K (the last level if none), then withholds age_years, bmi and running_years of the
 * runners still in smaller classes. Withheld runners keep sex and prior_itbs and form classes of
 * their own; while such a class is smaller than K, the smallest class of runners of the same sex
 * and prior_itbs (ties: the smaller key) is withheld too. If the runners of a sex and prior_itbs
 * are fewer than K altogether, K cannot be reached and the measured k_min says so.
 */
final class DisclosureControl {
  /** The largest share of runners withheld rather than climbing further up the hierarchy. */
  static final double MAX_WITHHELD_SHARE = 0.05;

  /** Classes smaller than this are counted in runners_below_k5. */
  static final int K5 = 5;

  private DisclosureControl() {}

  /** What the release of a site's participants is. */
  record Decision(Generalisation generalisation, Set<String> withheldIds, DisclosureRisk risk) {}

  /**
   * The figures of a list of equivalence-class keys, one per runner.
   *
   * @return runners, smallest class, runners in classes smaller than 5, their share, and 1/k_min
   */
  static DisclosureRisk measure(
      List<? extends List<String>> keys, List<String> names, DisclosureRisk.Policy policy) {
    Map<List<String>, Integer> sizes = classSizes(keys);
    long n = keys.size();
    long kMin = sizes.values().stream().mapToLong(Integer::longValue).min().orElse(0);
    long below = 0;
    for (List<String> k : keys) {
      if (sizes.get(k) < K5) {
        below++;
      }
    }
    return new DisclosureRisk(
        names,
        n,
        kMin,
        below,
        n == 0 ? 0.0 : (double) below / n,
        kMin == 0 ? 0.0 : 1.0 / kMin,
        policy);
  }

  private static Map<List<String>, Integer> classSizes(List<? extends List<String>> keys) {
    Map<List<String>, Integer> sizes = new HashMap<>();
    for (List<String> k : keys) {
      sizes.merge(k, 1, Integer::sum);
    }
    return sizes;
  }

  /**
   * The release of a site's runners.
   *
   * @param runners the runners' quasi-identifiers (rows of participants.csv with a participant_id)
   * @param k the k asked for, or null for the plain release (no generalisation, none withheld)
   * @throws IllegalArgumentException when k is less than 2
   */
  static Decision decide(List<QuasiIdentifiers> runners, Integer k) {
    if (k == null) {
      return new Decision(
          Generalisation.RELEASED,
          Set.of(),
          measure(
              keys(runners, Generalisation.RELEASED, new BitSet()),
              QuasiIdentifiers.NAMES,
              policy(Generalisation.RELEASED, null, 0)));
    }
    if (k < 2) {
      throw new IllegalArgumentException("--k-anonymity must be at least 2, not " + k);
    }
    Generalisation chosen = null;
    for (Generalisation g : Generalisation.HIERARCHY) {
      chosen = g;
      long below = countBelow(keys(runners, g, new BitSet()), k);
      if (below <= MAX_WITHHELD_SHARE * runners.size()) {
        break;
      }
    }
    BitSet withheld = withhold(runners, chosen, k);
    Set<String> ids = new HashSet<>();
    withheld.stream().forEach(i -> ids.add(runners.get(i).participantId()));
    // A runner listed twice is withheld in every row: measure what is released.
    for (int i = 0; i < runners.size(); i++) {
      if (ids.contains(runners.get(i).participantId())) {
        withheld.set(i);
      }
    }
    DisclosureRisk risk =
        measure(
            keys(runners, chosen, withheld),
            QuasiIdentifiers.NAMES,
            policy(chosen, k, withheld.cardinality()));
    return new Decision(chosen, Set.copyOf(ids), risk);
  }

  static DisclosureRisk.Policy policy(Generalisation g, Integer k, long withheld) {
    return new DisclosureRisk.Policy(
        k, g.describeAge(), g.describeBmi(), g.describeRunningYears(), withheld);
  }

  private static List<List<String>> keys(
      List<QuasiIdentifiers> runners, Generalisation g, BitSet withheld) {
    List<List<String>> keys = new ArrayList<>(runners.size());
    for (int i = 0; i < runners.size(); i++) {
      keys.add(runners.get(i).key(g, withheld.get(i)));
    }
    return keys;
  }

  private static long countBelow(List<List<String>> keys, int k) {
    Map<List<String>, Integer> sizes = classSizes(keys);
    return keys.stream().filter(x -> sizes.get(x) < k).count();
  }

  private static BitSet withhold(List<QuasiIdentifiers> runners, Generalisation g, int k) {
    BitSet withheld = new BitSet();
    while (true) {
      List<List<String>> keys = keys(runners, g, withheld);
      Map<List<String>, List<Integer>> classes = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        classes.computeIfAbsent(keys.get(i), x -> new ArrayList<>()).add(i);
      }
      boolean changed = false;
      for (List<Integer> members : classes.values()) {
        if (members.size() >= k) {
          continue;
        }
        int first = members.get(0);
        if (!withheld.get(first)) {
          members.forEach(withheld::set);
          changed = true;
          continue;
        }
        // A class of withheld runners that is too small: withhold the smallest class of the
        // same sex and prior_itbs that is still released, and look again.
        QuasiIdentifiers q = runners.get(first);
        List<Integer> next =
            classes.entrySet().stream()
                .filter(e -> !withheld.get(e.getValue().get(0)))
                .filter(e -> e.getKey().get(0).equals(q.sex()))
                .filter(e -> e.getKey().get(4).equals(q.priorItbs()))
                .min(
                    Comparator.<Map.Entry<List<String>, List<Integer>>>comparingInt(
                            e -> e.getValue().size())
                        .thenComparing(e -> String.join("\u0000", e.getKey())))
                .map(Map.Entry::getValue)
                .orElse(null);
        if (next != null) {
          next.forEach(withheld::set);
          changed = true;
        }
      }
      if (!changed) {
        return withheld;
      }
    }
  }
}
