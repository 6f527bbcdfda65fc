package org.itbs.spark.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Gait frames compacted before any shuffle, in the scan's own tasks: every run of frames of one
 * (site, runner, session, trial, side) that are numbered {@code n, n + 1, n + 2, …}, met one after
 * another in a partition and carry no event becomes one row, at the run's first frame, holding the
 * maximum of each angle over the run; every frame with an event stays a row of its own.
 *
 * <p>Why this loses nothing that {@link Stances} needs: frames are unique per (runner, session,
 * trial, side) in the curated lake (the dictionary's unique key), so the frames {@code n..m} of a
 * run are the only frames of their trial and side in that range, and no event lies between them.
 * Every frame of the run therefore has the same latest {@code FS} at or before it and the same
 * latest {@code TO} strictly before it as the run's first frame: they all fall in the same stance
 * (or all outside every stance), and a stance's maxima are the maxima over its rows, runs or
 * frames. Rows in any order stay correct: a frame that does not continue its key's run starts a new
 * one (frames in reverse order, say, come out one row each, as they went in).
 *
 * <p>A scan of curated frames (written in the export's order, usually frame by frame) shrinks by
 * about the frames per event (some 35 at 200 Hz), and the stances are then followed over these rows
 * instead of every frame. The pass reads the Parquet scan's column batches as Spark's vectorized
 * reader fills them, so no frame becomes a row, internal or Java; only the compacted rows do. When
 * a submission's frames are not a plain columnar scan (another reader, the vectorized reader turned
 * off) it reads Spark's internal rows instead.
 */
final class FrameRuns {
  static final String SESSION = "session_date";
  static final String TRIAL = "trial";
  static final String SIDE = "side";
  static final String FRAME = "frame";
  static final String EVENT = "event";

  private static final String SESSION_DAY = "_session_day";

  private FrameRuns() {}

  /**
   * The compacted frames of every site: site, participant_id, session_date, trial, side, frame,
   * event and the {@code angles} (typed as curated), one row per run of consecutive frames without
   * an event (its first frame, its maxima, event empty) or per frame with an event. No shuffle: one
   * pass over each partition of each site's frames.
   *
   * @param framesBySite per site its frames: participant_id, session_date (date), trial (bigint),
   *     side (string), frame (bigint), event (string) and the angles (double), no site column
   * @param angles the angle columns, each maximised over a run
   */
  static Dataset<Row> compact(
      SparkSession spark, Map<String, Dataset<Row>> framesBySite, String... angles) {
    StructType out =
        new StructType()
            .add(SITE, DataTypes.StringType, false)
            .add(PID, DataTypes.StringType, false)
            .add(SESSION_DAY, DataTypes.IntegerType, false)
            .add(TRIAL, DataTypes.LongType, false)
            .add(SIDE, DataTypes.StringType, false)
            .add(FRAME, DataTypes.LongType, false)
            .add(EVENT, DataTypes.StringType, true);
    for (String a : angles) {
      out = out.add(a, DataTypes.DoubleType, true);
    }
    List<Column> typed = new ArrayList<>(List.of(col(SITE)));
    for (String c : read(angles)) {
      typed.add(c.equals(SESSION) ? date_from_unix_date(col(SESSION_DAY)).as(SESSION) : col(c));
    }
    return spark
        .createDataFrame(runs(spark, framesBySite, angles), out)
        .select(typed.toArray(Column[]::new));
  }

  /**
   * {@link #compact}'s rows as the RDD of Java rows the scan's tasks make: site, participant_id,
   * session (days since 1970-01-01, an int), trial, side, frame, event and the angles.
   */
  static JavaRDD<Row> runs(
      SparkSession spark, Map<String, Dataset<Row>> framesBySite, String... angles) {
    List<String> read = read(angles);
    JavaRDD<Row> runs = null;
    for (Map.Entry<String, Dataset<Row>> site : framesBySite.entrySet()) {
      JavaRDD<Row> one = compactOneSite(site.getKey(), site.getValue(), read, angles.length);
      runs = runs == null ? one : runs.union(one);
    }
    return runs != null ? runs : JavaSparkContext.fromSparkContext(spark.sparkContext()).emptyRDD();
  }

  private static List<String> read(String... angles) {
    List<String> read = new ArrayList<>(List.of(PID, SESSION, TRIAL, SIDE, FRAME, EVENT));
    read.addAll(List.of(angles));
    return read;
  }

  /**
   * Whether {@link #compact} reads these frames (one site's) as column batches rather than rows.
   */
  static boolean readsColumnBatches(Dataset<Row> frames, String... angles) {
    return columnarScan(select(frames, read(angles)).queryExecution().executedPlan()) != null;
  }

  private static Dataset<Row> select(Dataset<Row> frames, List<String> read) {
    return frames.select(read.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private static JavaRDD<Row> compactOneSite(
      String site, Dataset<Row> frames, List<String> read, int angles) {
    Dataset<Row> in = select(frames, read);
    FileSourceScanExec scan = columnarScan(in.queryExecution().executedPlan());
    if (scan == null) {
      return in.queryExecution()
          .toRdd()
          .toJavaRDD()
          .mapPartitions(rows -> new Compactor(site, new RowCursor(rows), angles));
    }
    List<String> names = new ArrayList<>();
    for (Attribute a : CollectionConverters.asJava(scan.output())) {
      names.add(a.name());
    }
    int[] ordinals = read.stream().mapToInt(names::indexOf).toArray();
    return scan.executeColumnar()
        .toJavaRDD()
        .mapPartitions(batches -> new Compactor(site, new BatchCursor(batches, ordinals), angles));
  }

  /**
   * The Parquet scan under a plan that only turns its column batches into rows and perhaps picks
   * columns from them, if it produces column batches; else {@code null}.
   */
  private static FileSourceScanExec columnarScan(SparkPlan plan) {
    SparkPlan p = plan;
    while (true) {
      if (p instanceof FileSourceScanExec scan) {
        return scan.supportsColumnar() ? scan : null;
      }
      boolean passThrough =
          p instanceof WholeStageCodegenExec
              || p instanceof ColumnarToRowExec
              || p instanceof InputAdapter
              || (p instanceof ProjectExec project && onlyColumns(project));
      if (!passThrough || p.children().size() != 1) {
        return null;
      }
      p = p.children().head();
    }
  }

  private static boolean onlyColumns(ProjectExec project) {
    for (NamedExpression e : CollectionConverters.asJava(project.projectList())) {
      if (!(e instanceof Attribute)) {
        return false;
      }
    }
    return true;
  }

  /**
   * One frame after another, in the partition's order: participant_id, session (days since
   * 1970-01-01), trial, side, frame, event and the angles. Strings may point into buffers the next
   * frame reuses.
   */
  private interface Cursor {
    /** Moves to the next frame; {@code false} at the end of the partition. */
    boolean next();

    UTF8String pid();

    int session();

    long trial();

    UTF8String side();

    long frame();

    /** The frame's event, or {@code null} when it has none. */
    UTF8String event();

    boolean angleIsNull(int angle);

    double angle(int angle);
  }

  /** Spark's internal rows, columns in {@link #compact}'s read order. */
  private static final class RowCursor implements Cursor {
    private final Iterator<InternalRow> rows;
    private InternalRow r;

    RowCursor(Iterator<InternalRow> rows) {
      this.rows = rows;
    }

    @Override
    public boolean next() {
      if (!rows.hasNext()) {
        return false;
      }
      r = rows.next();
      return true;
    }

    @Override
    public UTF8String pid() {
      return r.getUTF8String(0);
    }

    @Override
    public int session() {
      return r.getInt(1);
    }

    @Override
    public long trial() {
      return r.getLong(2);
    }

    @Override
    public UTF8String side() {
      return r.getUTF8String(3);
    }

    @Override
    public long frame() {
      return r.getLong(4);
    }

    @Override
    public UTF8String event() {
      return r.isNullAt(5) ? null : r.getUTF8String(5);
    }

    @Override
    public boolean angleIsNull(int angle) {
      return r.isNullAt(6 + angle);
    }

    @Override
    public double angle(int angle) {
      return r.getDouble(6 + angle);
    }
  }

  /** The column batches of a Parquet scan, one row of a batch after another. */
  private static final class BatchCursor implements Cursor {
    private final Iterator<ColumnarBatch> batches;
    private final int[] ordinals;
    private ColumnVector pid;
    private ColumnVector session;
    private ColumnVector trial;
    private ColumnVector side;
    private ColumnVector frame;
    private ColumnVector event;
    private ColumnVector[] angles;
    private int row;
    private int rows;

    BatchCursor(Iterator<ColumnarBatch> batches, int[] ordinals) {
      this.batches = batches;
      this.ordinals = ordinals;
    }

    @Override
    public boolean next() {
      while (++row >= rows) {
        if (!batches.hasNext()) {
          return false;
        }
        ColumnarBatch b = batches.next();
        pid = b.column(ordinals[0]);
        session = b.column(ordinals[1]);
        trial = b.column(ordinals[2]);
        side = b.column(ordinals[3]);
        frame = b.column(ordinals[4]);
        event = b.column(ordinals[5]);
        angles = new ColumnVector[ordinals.length - 6];
        for (int a = 0; a < angles.length; a++) {
          angles[a] = b.column(ordinals[6 + a]);
        }
        rows = b.numRows();
        row = -1;
      }
      return true;
    }

    @Override
    public UTF8String pid() {
      return pid.getUTF8String(row);
    }

    @Override
    public int session() {
      return session.getInt(row);
    }

    @Override
    public long trial() {
      return trial.getLong(row);
    }

    @Override
    public UTF8String side() {
      return side.getUTF8String(row);
    }

    @Override
    public long frame() {
      return frame.getLong(row);
    }

    @Override
    public UTF8String event() {
      return event.isNullAt(row) ? null : event.getUTF8String(row);
    }

    @Override
    public boolean angleIsNull(int angle) {
      return angles[angle].isNullAt(row);
    }

    @Override
    public double angle(int angle) {
      return angles[angle].getDouble(row);
    }
  }

  /** The trial and side a frame belongs to (copies of the frame's strings). */
  private record Key(UTF8String pid, int session, long trial, UTF8String side) {
    static Key of(Cursor c) {
      return new Key(c.pid().copy(), c.session(), c.trial(), c.side().copy());
    }

    boolean holds(Cursor c) {
      return session == c.session()
          && trial == c.trial()
          && pid.equals(c.pid())
          && side.equals(c.side());
    }
  }

  /** An open run: its first and last frame and the maxima so far. */
  private static final class Run {
    final Key key;
    final long first;
    long last;
    final double[] max;
    final boolean[] seen;

    Run(Key key, Cursor c, int angles) {
      this.key = key;
      this.first = c.frame();
      this.last = first;
      this.max = new double[angles];
      this.seen = new boolean[angles];
      add(c);
    }

    void add(Cursor c) {
      for (int i = 0; i < max.length; i++) {
        if (!c.angleIsNull(i)) {
          double v = c.angle(i);
          // As Spark's max orders doubles: NaN above every number, -0.0 equal to 0.0.
          if (!seen[i] || (v != max[i] && Double.compare(v, max[i]) > 0)) {
            max[i] = v;
            seen[i] = true;
          }
        }
      }
    }

    Row row(String site, String event) {
      Object[] v = new Object[7 + max.length];
      v[0] = site;
      v[1] = key.pid.toString();
      v[2] = key.session;
      v[3] = key.trial;
      v[4] = key.side.toString();
      v[5] = first;
      v[6] = event;
      for (int i = 0; i < max.length; i++) {
        v[7 + i] = seen[i] ? max[i] : null;
      }
      return RowFactory.create(v);
    }
  }

  /**
   * Walks one partition: per key at most one open run; a frame with an event, or one that does not
   * follow its key's open run, closes that run. Emits closed runs and event frames as it goes, and
   * the runs still open at the end.
   */
  private static final class Compactor implements Iterator<Row> {
    private final String site;
    private final Cursor frames;
    private final int angles;
    private final Map<Key, Run> open = new HashMap<>();
    private final List<Row> ready = new ArrayList<>();
    private int next;
    private Run last;
    private Iterator<Run> rest;

    Compactor(String site, Cursor frames, int angles) {
      this.site = site;
      this.frames = frames;
      this.angles = angles;
    }

    @Override
    public boolean hasNext() {
      while (next == ready.size()) {
        ready.clear();
        next = 0;
        if (rest == null && frames.next()) {
          take();
        } else if (rest == null) {
          rest = open.values().iterator();
          last = null;
        } else if (rest.hasNext()) {
          ready.add(rest.next().row(site, null));
        } else {
          return false;
        }
      }
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.get(next++);
    }

    private void take() {
      Run run = last != null && last.key.holds(frames) ? last : null;
      Key key = run != null ? run.key : null;
      if (run == null) {
        key = Key.of(frames);
        run = open.get(key);
      }
      long frame = frames.frame();
      UTF8String event = frames.event();
      if (run != null && event == null && frame == run.last + 1) {
        run.last = frame;
        run.add(frames);
        last = run;
        return;
      }
      if (run != null) {
        ready.add(run.row(site, null));
        open.remove(key);
      }
      if (event != null) {
        ready.add(new Run(key, frames, angles).row(site, event.toString()));
        last = null;
      } else {
        Run started = new Run(key, frames, angles);
        open.put(key, started);
        last = started;
      }
    }
  }
}
