package org.itbs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.C3dReader;
import org.itbs.c3d.ForcePlatform;
import org.itbs.c3d.PlatformForces;
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
 * Time to read a C3D file from disk and compute its force platforms' force, moment and centre of
 * pressure in the lab (issue 16's target: under 0.5 s for a 30 s, 150 Hz, 32-marker trial with its
 * force platform). The default file is the RBDS run of pipeline/c3d's tests (2.5 MB: 4500 frames,
 * 32 markers, 6 analog channels at 300 Hz, one type-4 platform). Score: milliseconds per file on
 * one thread.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -q package -pl pipeline/bench -am -DskipTests
 * java -jar pipeline/bench/target/benchmarks.jar C3dReadBench
 * </pre>
 *
 * Add {@code -p file=PATH} for another file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class C3dReadBench {
  /** The C3D file read. */
  @Param({"pipeline/c3d/src/test/resources/org/itbs/c3d/RBDS001runT35.c3d"})
  public String file;

  private Path path;

  /** Checks the file is there before timing. */
  @Setup
  public void setUp() {
    path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(file + " is not a file: run from the repository root");
    }
  }

  /** Reads the whole file and computes every recorded platform's forces. */
  @Benchmark
  public double readAndComputeForces() {
    C3dFile c3d = C3dReader.read(path);
    double sum = c3d.points().x(0, 0);
    for (ForcePlatform fp : c3d.forcePlatforms()) {
      if (fp.recordedIn(c3d.analog())) {
        PlatformForces f = fp.forces(c3d.analog());
        sum += f.force(f.sampleCount() - 1, 1);
      }
    }
    return sum;
  }
}
