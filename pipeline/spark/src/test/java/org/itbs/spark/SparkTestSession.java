package org.itbs.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] session per test class: UI off, driver on 127.0.0.1. */
public final class SparkTestSession {
  private SparkTestSession() {}

  /** A fresh local session for a test class. */
  public static SparkSession start() {
    System.setProperty("spark.ui.enabled", "false");
    return SparkSessions.get("itbs-test", "local[2]");
  }
}
