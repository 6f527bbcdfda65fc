package org.itbs.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A small Parquet table read whole into memory with parquet-hadoop, no Spark session: what the
 * models need (one row per runner, thousands of rows). Values: {@link String}, {@link Long}, {@link
 * Integer}, {@link Double}, {@link Boolean}, {@link LocalDate}; {@code null} where missing.
 */
public final class ParquetTable {
  private final List<String> columns;
  private final List<Object[]> rows;

  private ParquetTable(List<String> columns, List<Object[]> rows) {
    this.columns = List.copyOf(columns);
    this.rows = rows;
  }

  /**
   * Reads every {@code *.parquet} file of a folder (or one file), in file-name order.
   *
   * @throws IllegalArgumentException when the path holds no Parquet file, or files disagree on
   *     their columns
   * @throws UncheckedIOException when a file cannot be read
   */
  public static ParquetTable read(Path path) {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> s = Files.list(path)) {
        s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (Files.isRegularFile(path)) {
      files.add(path);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no Parquet file at " + path);
    }
    List<String> columns = null;
    List<Object[]> rows = new ArrayList<>();
    for (Path f : files) {
      try (ParquetReader<Group> r =
          new ParquetReader.Builder<Group>(new LocalInputFile(f), new PlainParquetConfiguration()) {
            @Override
            protected ReadSupport<Group> getReadSupport() {
              return new GroupReadSupport();
            }
          }.build()) {
        Group g;
        while ((g = r.read()) != null) {
          List<String> names = names(g);
          if (columns == null) {
            columns = names;
          } else if (!columns.equals(names)) {
            throw new IllegalArgumentException(
                f + " has columns " + names + ", other files of " + path + " have " + columns);
          }
          rows.add(values(g));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    return new ParquetTable(columns == null ? List.of() : columns, rows);
  }

  private static List<String> names(Group g) {
    List<String> out = new ArrayList<>();
    for (Type t : g.getType().getFields()) {
      out.add(t.getName());
    }
    return out;
  }

  private static Object[] values(Group g) {
    List<Type> fields = g.getType().getFields();
    Object[] out = new Object[fields.size()];
    for (int i = 0; i < out.length; i++) {
      if (g.getFieldRepetitionCount(i) == 0) {
        continue;
      }
      Type t = fields.get(i);
      if (!t.isPrimitive()) {
        throw new IllegalArgumentException("nested column " + t.getName() + " is not supported");
      }
      PrimitiveType p = t.asPrimitiveType();
      LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
      out[i] =
          switch (p.getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY -> g.getString(i, 0);
            case INT64 -> g.getLong(i, 0);
            case INT32 ->
                logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                    ? LocalDate.ofEpochDay(g.getInteger(i, 0))
                    : Integer.valueOf(g.getInteger(i, 0));
            case DOUBLE -> g.getDouble(i, 0);
            case FLOAT -> (double) g.getFloat(i, 0);
            case BOOLEAN -> g.getBoolean(i, 0);
            default ->
                throw new IllegalArgumentException(
                    "column " + t.getName() + " has unsupported type " + p.getPrimitiveTypeName());
          };
    }
    return out;
  }

  /** Column names in file order. */
  public List<String> columns() {
    return columns;
  }

  /** Number of rows. */
  public int size() {
    return rows.size();
  }

  /**
   * The values of one column.
   *
   * @throws IllegalArgumentException when the table has no such column
   */
  public List<Object> column(String name) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + name + " (columns: " + columns + ")");
    }
    List<Object> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(r[i]));
    return out;
  }

  /**
   * A numeric column as doubles, {@code NaN} where missing.
   *
   * @throws IllegalArgumentException when the column is missing or not numeric
   */
  public double[] doubles(String name) {
    List<Object> v = column(name);
    double[] out = new double[v.size()];
    for (int k = 0; k < out.length; k++) {
      Object o = v.get(k);
      if (o == null) {
        out[k] = Double.NaN;
      } else if (o instanceof Number n) {
        out[k] = n.doubleValue();
      } else {
        throw new IllegalArgumentException("column " + name + " is not numeric: " + o);
      }
    }
    return out;
  }

  /** A text column. */
  public String[] strings(String name) {
    return column(name).stream().map(o -> o == null ? null : o.toString()).toArray(String[]::new);
  }

  /** One row as a map from column name to value, in column order. */
  public Map<String, Object> row(int index) {
    Map<String, Object> m = new LinkedHashMap<>();
    Object[] r = rows.get(index);
    for (int i = 0; i < columns.size(); i++) {
      m.put(columns.get(i), r[i]);
    }
    return m;
  }
}
