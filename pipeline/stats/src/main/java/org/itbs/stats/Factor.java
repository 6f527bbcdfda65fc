package org.itbs.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * A categorical covariate (e.g. each runner's site) as indicator columns for {@link Logistic} and
 * {@link Poisson}, as R codes a factor in {@code glm(y ~ ... + site)}: the levels sorted, the first
 * the reference (no column), one 0/1 column per other level, named the factor's name followed by
 * the level ({@code siteMAD02}, as R names it).
 *
 * <pre>{@code
 * Factor site = Factor.of("site", siteOfRow);       // levels AMS01 (reference), MAD02, PRG03
 * GlmModel fit = Logistic.fit(site.withTermNames(names), site.withIndicators(x), y);
 * fit.termIndex("hip_abd");                          // the covariates keep their names
 * site.termNames();                                  // [siteMAD02, sitePRG03]: nuisance terms
 * }</pre>
 *
 * <p>With one level there are no indicator columns and the model is the one without the factor.
 * Levels are sorted by {@link String#compareTo} (code units, as R's {@code sort} in the C locale;
 * site codes such as {@code AMS01} sort the same in any locale). Immutable.
 */
public final class Factor {
  private final String name;
  private final List<String> levels;
  private final int[] code; // per row: index into levels

  private Factor(String name, List<String> levels, int[] code) {
    this.name = name;
    this.levels = levels;
    this.code = code;
  }

  /**
   * The factor of one value per row.
   *
   * @param name the factor's name, the prefix of its term names (e.g. {@code site})
   * @param values the level of each row
   * @throws IllegalArgumentException when the name is blank, {@code values} is null or empty, or a
   *     value is null
   */
  public static Factor of(String name, String[] values) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a factor needs a non-blank name, got '" + name + "'");
    }
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("factor " + name + " has no values");
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new IllegalArgumentException("factor " + name + " row " + i + " is null");
      }
      sorted.add(values[i]);
    }
    List<String> levels = List.copyOf(sorted);
    int[] code = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      code[i] = Collections.binarySearch(levels, values[i]);
    }
    return new Factor(name, levels, code);
  }

  /** The factor's name. */
  public String name() {
    return name;
  }

  /** The number of rows. */
  public int rows() {
    return code.length;
  }

  /** The levels, sorted; the first is the reference. */
  public List<String> levels() {
    return levels;
  }

  /** The reference level: the first in sorted order; its rows have every indicator 0. */
  public String reference() {
    return levels.get(0);
  }

  /** The names of the indicator terms: the factor's name followed by each non-reference level. */
  public List<String> termNames() {
    List<String> t = new ArrayList<>(levels.size() - 1);
    for (int l = 1; l < levels.size(); l++) {
      t.add(name + levels.get(l));
    }
    return Collections.unmodifiableList(t);
  }

  /**
   * The covariate names followed by {@link #termNames()}.
   *
   * @throws IllegalArgumentException when {@code names} is null
   */
  public List<String> withTermNames(List<String> names) {
    if (names == null) {
      throw new IllegalArgumentException("term names are null");
    }
    List<String> all = new ArrayList<>(names);
    all.addAll(termNames());
    return Collections.unmodifiableList(all);
  }

  /**
   * Each row of {@code x} followed by its indicator columns, in the order of {@link #termNames()}
   * (new arrays; {@code x} is unchanged).
   *
   * @param x row-major covariates of the same rows as the factor's values
   * @throws IllegalArgumentException when {@code x} or a row is null or {@code x} does not have
   *     {@link #rows()} rows
   */
  public double[][] withIndicators(double[][] x) {
    if (x == null) {
      throw new IllegalArgumentException("covariate rows x are null");
    }
    if (x.length != code.length) {
      throw new IllegalArgumentException(
          "x has " + x.length + " rows for the " + code.length + " values of factor " + name);
    }
    int extra = levels.size() - 1;
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      if (x[i] == null) {
        throw new IllegalArgumentException("row " + i + " of x is null");
      }
      int p = x[i].length;
      double[] row = new double[p + extra];
      System.arraycopy(x[i], 0, row, 0, p);
      if (code[i] > 0) {
        row[p + code[i] - 1] = 1;
      }
      out[i] = row;
    }
    return out;
  }
}
