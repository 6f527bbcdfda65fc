package org.itbs.synth;

import java.time.LocalDate;

/**
 * One generated clinic: its code, size, enrolment period, follow-up length and the ways its runners
 * differ from other sites' (strength and kinematics offsets, as a different dynamometer or marker
 * protocol gives; age, sex mix, training volume). All drawn from the cohort seed.
 */
final class Site {
  private static final long FIRST_START = LocalDate.of(2021, 1, 4).toEpochDay();
  private static final long LAST_START = LocalDate.of(2024, 3, 31).toEpochDay();

  final int index;
  final String code;
  final String idPrefix;
  final int runners;
  final int idStart;
  final int idStep;
  final long enrolStart;
  final int enrolDays;
  final int followupMonths;
  final double dropout;
  final double femaleFraction;
  final double ageMean;
  final double priorRate;
  final double hipAbdOffset;
  final double hipErOffset;
  final double lungeOffset;
  final double hipAddOffset;
  final double pelvicDropOffset;
  final double volumeFactor;

  Site(int index, int runners, long seed) {
    this.index = index;
    this.runners = runners;
    this.code = code(index);
    this.idPrefix = idPrefix(index);
    Rng r = Rng.stream(seed, Streams.SITE, index);
    this.idStart = 100000 + r.nextInt(5000);
    this.idStep = r.between(3, 9);
    this.enrolStart = FIRST_START + r.nextInt((int) (LAST_START - FIRST_START));
    this.enrolDays = r.between(120, 540);
    this.followupMonths = r.between(12, 30);
    this.dropout = r.uniform(0.04, 0.14);
    this.femaleFraction = r.uniform(0.42, 0.64);
    this.ageMean = r.uniform(30, 42);
    this.priorRate = r.uniform(0.10, 0.15);
    this.hipAbdOffset = r.normal(0, 0.05);
    this.hipErOffset = r.normal(0, 0.02);
    this.lungeOffset = r.normal(0, 0.6);
    this.hipAddOffset = r.normal(0, 0.8);
    this.pelvicDropOffset = r.normal(0, 0.4);
    this.volumeFactor = r.logNormal(1.0, 0.12);
  }

  /** Site code: CLINA .. CLINZ, then CLINAA, CLINAB, ... (matches [A-Z0-9]{3,12}). */
  static String code(int index) {
    StringBuilder sb = new StringBuilder();
    int k = index;
    do {
      sb.insert(0, (char) ('A' + k % 26));
      k = k / 26 - 1;
    } while (k >= 0);
    return "CLIN" + sb;
  }

  /** Two-letter participant id prefix, unique per site index below 598 (CA, CB, ..., DA, ...). */
  static String idPrefix(int index) {
    return "" + (char) ('A' + (index / 26 + 2) % 26) + (char) ('A' + index % 26);
  }

  /** The clinic-style id of the site's runner with this index, e.g. {@code CH-102024}. */
  String participantId(int runnerIndex) {
    return idPrefix + "-" + (idStart + (long) runnerIndex * idStep);
  }
}
