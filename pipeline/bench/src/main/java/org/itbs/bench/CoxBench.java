package org.itbs.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.itbs.stats.Cox;
import org.itbs.stats.CoxModel;
import org.itbs.stats.SurvivalData;
import org.itbs.stats.Ties;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one Cox fit ({@link Cox}, Efron ties, model variance and Harrell's C, as the plan's P1
 * reports them) on {@code runners} rows × 10 covariates: 8 standard-normal (two of them correlated
 * 0.5) and 2 binary, follow-up in whole days up to 1000 with uniform censoring (about 60% events,
 * many tied days). The data come from a seeded generator and are built before timing; the score is
 * milliseconds per fit on one thread.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -q package -pl pipeline/bench -am -DskipTests
 * java -jar pipeline/bench/target/benchmarks.jar CoxBench
 * </pre>
 *
 * Add {@code -p runners=100000} for one size only. {@code pipeline/bench/scripts/cox-vs-r.sh} times
 * the same fit against R's {@code coxph} on the same data, through this class's {@link #main}
 * ({@code write FILE RUNNERS} writes the data as CSV, {@code time FILE REPEATS} fits it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class CoxBench {
  /** Number of runners (rows). */
  @Param({"1000", "10000", "100000"})
  public int runners;

  /** Covariate names of the generated data. */
  static final String[] NAMES = {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "b1", "b2"};

  private static final double[] BETA = {0.3, -0.2, 0.15, 0, 0.1, -0.25, 0.05, 0.2, 0.5, -0.4};

  private SurvivalData data;

  /** Builds the data outside the timed region. */
  @Setup
  public void setUp() {
    data = generate(runners, 20240611L).toSurvivalData();
  }

  /** One Efron fit to convergence (tolerance 1e-12) with its concordance. */
  @Benchmark
  public CoxModel fitEfron() {
    return Cox.builder().ties(Ties.EFRON).fit(data);
  }

  /** Generated right-censored data: time, event and the covariates of {@link #NAMES}. */
  static final class Data {
    final double[] time;
    final int[] event;
    final double[][] columns;

    Data(double[] time, int[] event, double[][] columns) {
      this.time = time;
      this.event = event;
      this.columns = columns;
    }

    SurvivalData toSurvivalData() {
      SurvivalData d = SurvivalData.rightCensored(time, event);
      for (int j = 0; j < NAMES.length; j++) {
        d = d.withCovariate(NAMES[j], columns[j]);
      }
      return d;
    }
  }

  /** The seeded data of {@code n} runners. */
  static Data generate(int n, long seed) {
    Random rnd = new Random(seed);
    double[][] cols = new double[NAMES.length][n];
    double[] time = new double[n];
    int[] event = new int[n];
    for (int i = 0; i < n; i++) {
      double lp = 0;
      for (int j = 0; j < 8; j++) {
        cols[j][i] = round(rnd.nextGaussian(), 4);
      }
      cols[1][i] = round(0.5 * cols[0][i] + Math.sqrt(0.75) * cols[1][i], 4);
      cols[8][i] = rnd.nextInt(2);
      cols[9][i] = rnd.nextDouble() < 0.15 ? 1 : 0;
      for (int j = 0; j < NAMES.length; j++) {
        lp += BETA[j] * cols[j][i];
      }
      double t = -Math.log(1 - rnd.nextDouble()) / (0.002 * Math.exp(lp));
      double c = 30 + 970 * rnd.nextDouble();
      time[i] = Math.ceil(Math.min(t, c));
      event[i] = t <= c ? 1 : 0;
    }
    return new Data(time, event, cols);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /**
   * For {@code cox-vs-r.sh}: {@code write FILE RUNNERS} writes the generated data as CSV; {@code
   * time FILE REPEATS} reads it, fits it {@code REPEATS} times after as many warm-up fits, and
   * prints the cold (first) and the median seconds per fit and the coefficients.
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 3 && args[0].equals("write")) {
      write(generate(Integer.parseInt(args[2]), 20240611L), Path.of(args[1]));
    } else if (args.length == 3 && args[0].equals("time")) {
      time(read(Path.of(args[1])), Integer.parseInt(args[2]));
    } else {
      throw new IllegalArgumentException(
          "usage: CoxBench write FILE RUNNERS | CoxBench time FILE REPEATS; got "
              + Arrays.toString(args));
    }
  }

  private static void write(Data d, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("time,event," + String.join(",", NAMES) + "\n");
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < d.time.length; i++) {
        line.setLength(0);
        line.append((long) d.time[i]).append(',').append(d.event[i]);
        for (double[] c : d.columns) {
          line.append(',').append(c[i]); // Double.toString: locale-independent, round-trips
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  private static Data read(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null || !header.equals("time,event," + String.join(",", NAMES))) {
        throw new IllegalArgumentException(file + ": not a CoxBench data file: " + header);
      }
      List<String[]> rows = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        rows.add(line.split(","));
      }
      int n = rows.size();
      double[] time = new double[n];
      int[] event = new int[n];
      double[][] cols = new double[NAMES.length][n];
      for (int i = 0; i < n; i++) {
        String[] f = rows.get(i);
        time[i] = Double.parseDouble(f[0]);
        event[i] = Integer.parseInt(f[1]);
        for (int j = 0; j < NAMES.length; j++) {
          cols[j][i] = Double.parseDouble(f[2 + j]);
        }
      }
      return new Data(time, event, cols);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void time(Data d, int repeats) {
    double[] seconds = new double[repeats];
    CoxModel fit = null;
    double cold = 0;
    for (int round = -repeats; round < repeats; round++) {
      long t0 = System.nanoTime();
      fit = Cox.builder().ties(Ties.EFRON).fit(d.toSurvivalData());
      double s = (System.nanoTime() - t0) / 1e9;
      if (round == -repeats) {
        cold = s;
      }
      if (round >= 0) {
        seconds[round] = s;
      }
    }
    Arrays.sort(seconds);
    System.out.printf(Locale.ROOT, "java_cold_seconds %.6f%n", cold);
    System.out.printf(Locale.ROOT, "java_median_seconds %.6f%n", seconds[repeats / 2]);
    System.out.printf(
        Locale.ROOT,
        "java_iterations %d converged %s concordance %.15g%n",
        fit.iterations(),
        fit.converged(),
        fit.concordance());
    double[] b = fit.coefficients();
    StringBuilder s = new StringBuilder("java_coefficients");
    for (double v : b) {
      s.append(' ').append(String.format(Locale.ROOT, "%.17g", v));
    }
    System.out.println(s);
  }
}
