package org.itbs.synth;

/**
 * Names of the independent random streams: each purpose draws from its own stream per site and
 * runner, so that, for example, injecting faults or changing the injury rate leaves every other
 * value of the export unchanged.
 */
final class Streams {
  static final long SITE = 1;
  static final long SIZES = 2;
  static final long ENROLMENT = 3;
  static final long PARTICIPANT = 10;
  static final long ASSESSMENT = 11;
  static final long GAIT = 12;
  static final long TRAINING = 13;
  static final long ITBS = 14;
  static final long OTHER_INJURIES = 15;
  static final long FAULTS = 20;
  static final long IDENTIFIERS = 21;

  private Streams() {}
}
