package org.itbs.spark.ingest;

import java.time.LocalDate;
import org.itbs.core.validate.TypedRow;
import org.itbs.spark.parquet.CuratedPartReader;

/**
 * A 64-bit hash of the typed values of a unique key ({@link String}, {@link Long}, {@link Double},
 * {@link LocalDate}, as the validator gives them and {@link CuratedPartReader} reads them back).
 * Values that Spark groups together hash alike ({@code -0.0} and {@code 0.0}). Equal hashes only
 * make rows candidates: duplicates are then confirmed on the values themselves.
 */
final class KeyHash {
  private static final long NULL = 0x6a09e667f3bcc909L;
  private static final long SEED = 0x510e527fade682d1L;

  private KeyHash() {}

  /**
   * The hash of the key columns {@code key} of {@code values}.
   *
   * @param values typed values in dictionary column order
   * @param key indexes of the key's columns, in key order
   */
  static long of(Object[] values, int[] key) {
    long h = SEED;
    for (int k : key) {
      h = combine(h, value(values[k]));
    }
    return h;
  }

  /**
   * A hasher that remembers, per column, the last text value and its hash: the validator hands the
   * same {@link String} again while a column repeats its value (runner ids, sides), so a split's
   * rows hash their runner id once per runner. Gives {@link #of}'s hashes; one per thread.
   */
  static final class Memo {
    private final String[] text;
    private final long[] hash;

    /** A memo for rows of {@code columns} values. */
    Memo(int columns) {
      text = new String[columns];
      hash = new long[columns];
    }

    /** {@link KeyHash#of}{@code (row.values(), key)}, without boxing the row's values. */
    long of(TypedRow row, int[] key) {
      long h = SEED;
      for (int k : key) {
        long x;
        if (!row.isPresent(k)) {
          x = NULL;
        } else {
          switch (row.type(k)) {
            case INTEGER -> x = ofLong(row.integer(k));
            case NUMBER -> x = ofDouble(row.number(k));
            case DATE -> x = ofEpochDay(row.epochDay(k));
            default -> {
              String s = row.text(k);
              if (s != text[k]) {
                text[k] = s;
                hash[k] = ofText(s);
              }
              x = hash[k];
            }
          }
        }
        h = combine(h, x);
      }
      return h;
    }
  }

  private static long combine(long h, long v) {
    return fmix64(h * 0x9e3779b97f4a7c15L + v);
  }

  private static long value(Object v) {
    if (v == null) {
      return NULL;
    }
    if (v instanceof String s) {
      return ofText(s);
    }
    if (v instanceof Long || v instanceof Integer) {
      return ofLong(((Number) v).longValue());
    }
    if (v instanceof Double d) {
      return ofDouble(d);
    }
    if (v instanceof LocalDate d) {
      return ofDate(d);
    }
    if (v instanceof java.sql.Date d) {
      return value(d.toLocalDate());
    }
    throw new IllegalArgumentException("cannot hash a key value of " + v.getClass().getName());
  }

  private static long ofText(String s) {
    long h = 0xcbf29ce484222325L; // FNV-1a over UTF-16 code units
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return fmix64(h ^ s.length());
  }

  private static long ofLong(long v) {
    return fmix64(v);
  }

  private static long ofDouble(double d) {
    double x = d == 0.0 ? 0.0 : d; // -0.0 groups with 0.0
    return fmix64(Double.doubleToLongBits(x) ^ 0x3c6ef372fe94f82bL);
  }

  private static long ofDate(LocalDate d) {
    return ofEpochDay(d.toEpochDay());
  }

  private static long ofEpochDay(long day) {
    return fmix64(day ^ 0xa54ff53a5f1d36f1L);
  }

  /** The finaliser of MurmurHash3: every input bit affects every output bit. */
  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
