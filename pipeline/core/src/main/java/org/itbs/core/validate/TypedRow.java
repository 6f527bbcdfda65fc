package org.itbs.core.validate;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.TableSpec;

/**
 * The typed values of one row of a table, in dictionary column order, held without boxing: one
 * instance is filled again for every row a reader validates ({@link RowValidator#check}), so that
 * the ingest's hot path allocates no {@link Long} or {@link Double} per value. {@link
 * ColumnType#TEXT} and {@link ColumnType#CODE} hold a {@link String}, {@link ColumnType#INTEGER} a
 * {@code long}, {@link ColumnType#NUMBER} a {@code double}, {@link ColumnType#DATE} a {@link
 * LocalDate}; a value is present or missing (missing, or invalid: see {@link RowValidator}).
 */
public final class TypedRow {
  private final ColumnType[] types;
  final Object[] objects;
  final long[] longs; // INTEGER values, and DATE values as epoch days
  final double[] doubles;
  final boolean[] present;

  /** An empty row of {@code table}'s columns (every value missing). */
  public TypedRow(TableSpec table) {
    List<ColumnSpec> cols = table.columns();
    int n = cols.size();
    types = new ColumnType[n];
    for (int i = 0; i < n; i++) {
      types[i] = cols.get(i).type();
    }
    objects = new Object[n];
    longs = new long[n];
    doubles = new double[n];
    present = new boolean[n];
  }

  /**
   * A row holding boxed values as {@link RowValidator.Result#values()} gives them.
   *
   * @param values one per column: {@link String}, {@link Long} (or another whole {@link Number}),
   *     {@link Double} (or another {@link Number}), {@link LocalDate} (or {@link java.sql.Date}),
   *     {@code null} where missing
   * @throws IllegalArgumentException when there are not as many values as columns
   * @throws ClassCastException when a value does not fit its column's type
   */
  public static TypedRow of(TableSpec table, Object[] values) {
    TypedRow r = new TypedRow(table);
    if (values.length != r.size()) {
      throw new IllegalArgumentException("expected " + r.size() + " values, got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        continue;
      }
      switch (r.types[i]) {
        case INTEGER -> r.longs[i] = ((Number) v).longValue();
        case NUMBER -> r.doubles[i] = ((Number) v).doubleValue();
        case DATE -> {
          LocalDate d = v instanceof java.sql.Date s ? s.toLocalDate() : (LocalDate) v;
          r.objects[i] = d;
          r.longs[i] = d.toEpochDay();
        }
        default -> r.objects[i] = (String) v;
      }
      r.present[i] = true;
    }
    return r;
  }

  /** The number of columns. */
  public int size() {
    return types.length;
  }

  /** The type of column {@code i}. */
  public ColumnType type(int i) {
    return types[i];
  }

  /** Whether column {@code i} holds a value. */
  public boolean isPresent(int i) {
    return present[i];
  }

  /** The text of a present {@link ColumnType#TEXT} or {@link ColumnType#CODE} value. */
  public String text(int i) {
    return (String) objects[i];
  }

  /** A present {@link ColumnType#INTEGER} value. */
  public long integer(int i) {
    return longs[i];
  }

  /** A present {@link ColumnType#NUMBER} value. */
  public double number(int i) {
    return doubles[i];
  }

  /** A present {@link ColumnType#DATE} value. */
  public LocalDate date(int i) {
    return (LocalDate) objects[i];
  }

  /**
   * A present {@link ColumnType#DATE} value as days since 1970-01-01 (as Parquet stores a date),
   * computed once when the date was parsed.
   */
  public long epochDay(int i) {
    return longs[i];
  }

  /**
   * Value {@code i} boxed as {@link RowValidator.Result#values()} holds it; {@code null} if
   * missing.
   */
  public Object value(int i) {
    if (!present[i]) {
      return null;
    }
    return switch (types[i]) {
      case INTEGER -> longs[i];
      case NUMBER -> doubles[i];
      default -> objects[i];
    };
  }

  /** Every value boxed ({@link #value}), in column order. */
  public Object[] values() {
    Object[] out = new Object[types.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = value(i);
    }
    return out;
  }

  /** Marks every value missing. */
  void clear() {
    Arrays.fill(present, false);
  }

  /** Copies value {@code i} (present or not) from {@code other}, a row of the same table. */
  void copy(int i, TypedRow other) {
    switch (types[i]) {
      case INTEGER -> longs[i] = other.longs[i];
      case NUMBER -> doubles[i] = other.doubles[i];
      case DATE -> {
        objects[i] = other.objects[i];
        longs[i] = other.longs[i];
      }
      default -> objects[i] = other.objects[i];
    }
    present[i] = other.present[i];
  }
}
