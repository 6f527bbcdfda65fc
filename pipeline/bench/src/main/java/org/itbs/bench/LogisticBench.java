package org.itbs.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.itbs.stats.Auc;
import org.itbs.stats.GlmModel;
import org.itbs.stats.Logistic;
import org.itbs.stats.Poisson;
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
 * Time of the plan's onset models P2 and P3 on {@code runners} rows × 10 covariates (8
 * standard-normal, two of them correlated 0.5, and 2 binary): one logistic fit through Smile
 * ({@link Logistic}, tolerance 1e-14, about 15% cases) with the AUC of its fitted risks, and for
 * comparison one Poisson fit with a log-exposure offset by the pipeline's own Fisher scoring
 * ({@link Poisson}, the same outcome, exposures of 5 to 800 hours). The data come from a seeded
 * generator and are built before timing; the score is milliseconds per fit on one thread (Smile's
 * IRLS itself uses the common fork-join pool for its per-row updates).
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -q package -pl pipeline/bench -am -DskipTests
 * java -jar pipeline/bench/target/benchmarks.jar LogisticBench
 * </pre>
 *
 * Add {@code -p runners=10000} for one size only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LogisticBench {
  /** Number of runners (rows). */
  @Param({"1000", "10000"})
  public int runners;

  /** Covariate names of the generated data. */
  static final List<String> NAMES =
      List.of("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "b1", "b2");

  private static final double[] BETA = {0.3, -0.2, 0.15, 0, 0.1, -0.25, 0.05, 0.2, 0.5, -0.4};

  private double[][] x;
  private int[] y;
  private double[] hours;

  /** Builds the data outside the timed region. */
  @Setup
  public void setUp() {
    Random rnd = new Random(20240612L);
    x = new double[runners][NAMES.size()];
    y = new int[runners];
    hours = new double[runners];
    for (int i = 0; i < runners; i++) {
      double[] row = x[i];
      for (int j = 0; j < 8; j++) {
        row[j] = Math.round(rnd.nextGaussian() * 1e4) / 1e4;
      }
      row[1] = Math.round((0.5 * row[0] + Math.sqrt(0.75) * row[1]) * 1e4) / 1e4;
      row[8] = rnd.nextInt(2);
      row[9] = rnd.nextDouble() < 0.15 ? 1 : 0;
      double eta = -2;
      for (int j = 0; j < BETA.length; j++) {
        eta += BETA[j] * row[j];
      }
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      hours[i] = 5 + Math.round(795 * rnd.nextDouble() * 100) / 100.0;
    }
  }

  /** One logistic fit through Smile to convergence, and the AUC of its fitted risks (P2). */
  @Benchmark
  public double logisticWithAuc() {
    GlmModel fit = Logistic.fit(NAMES, x, y);
    if (!fit.converged()) {
      throw new IllegalStateException("logistic fit did not converge");
    }
    return Auc.of(fit.fittedValues(), y);
  }

  /** One Poisson fit with log(hours) as offset by the pipeline's own Fisher scoring (P3). */
  @Benchmark
  public GlmModel poissonWithOffset() {
    return Poisson.fit(NAMES, x, y, hours);
  }
}
