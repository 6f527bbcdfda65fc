package org.itbs.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.itbs.core.lake.Lake;

/**
 * The runner's rows in the plain analysis folders of a lake ({@code
 * LAKE/analysis/v<N>/<table>.parquet/}, Parquet part files the features job wrote before the
 * analysis tables, issue 17 step 6; a lake of session 6 still has them, nothing reads them): found
 * and rewritten in place without them, for {@link LakeErasure}. A row is the runner's when its
 * {@code participant_id} is the pseudonym and its {@code site} (the column, or a {@code site=}
 * folder) is the site. A rewritten file keeps its schema, compression codec and footer metadata
 * (Spark's schema among them), and replaces the old one under its name through the Hadoop file
 * system (so its checksum file follows).
 */
final class AnalysisFiles {
  private static final String PARTICIPANT = "participant_id";
  private static final String SITE = "site";

  private final Configuration conf;
  private final String root;
  private final String site;
  private final String participant;
  private final Map<Path, Long> found = new LinkedHashMap<>();

  /** Rows removed per analysis table ({@code analysis/runners}) and files rewritten. */
  record Rewritten(Map<String, Long> rows, int files) {}

  AnalysisFiles(Configuration conf, String root, String site, String participant) {
    this.conf = conf;
    this.root = root;
    this.site = site;
    this.participant = participant;
  }

  /** Finds the files with rows of the runner; returns the rows per analysis table. */
  Map<String, Long> scan() {
    found.clear();
    Map<String, Long> rows = new TreeMap<>();
    try {
      Path dir = new Path(root);
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return rows;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      List<Path> parquet = new ArrayList<>();
      while (it.hasNext()) {
        Path p = it.next().getPath();
        String n = p.getName();
        if (n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")) {
          parquet.add(p);
        }
      }
      for (Path p : parquet) {
        MessageType schema = footer(p).getFileMetaData().getSchema();
        if (!schema.containsField(PARTICIPANT)) {
          continue;
        }
        long n = 0;
        try (ParquetReader<Group> r = reader(p)) {
          for (Group g = r.read(); g != null; g = r.read()) {
            if (holds(p, g)) {
              n++;
            }
          }
        }
        if (n > 0) {
          found.put(p, n);
          rows.merge(table(p), n, Long::sum);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the analysis folders under " + root, e);
    }
    return rows;
  }

  /** Rewrites every file {@link #scan} found without the runner's rows. */
  Rewritten rewrite() {
    Map<String, Long> rows = new TreeMap<>();
    int files = 0;
    for (Path p : found.keySet()) {
      try {
        FileSystem fs = p.getFileSystem(conf);
        ParquetMetadata footer = footer(p);
        MessageType schema = footer.getFileMetaData().getSchema();
        CompressionCodecName codec =
            footer.getBlocks().isEmpty() || footer.getBlocks().get(0).getColumns().isEmpty()
                ? CompressionCodecName.UNCOMPRESSED
                : footer.getBlocks().get(0).getColumns().get(0).getCodec();
        Map<String, String> meta =
            new LinkedHashMap<>(footer.getFileMetaData().getKeyValueMetaData());
        meta.remove("writer.model.name");
        // A hidden name while it is written: readers of the folder skip it.
        Path tmp = new Path(p.getParent(), ".erase-" + p.getName());
        long gone = 0;
        try (ParquetReader<Group> r = reader(p);
            ParquetWriter<Group> w =
                ExampleParquetWriter.builder(tmp)
                    .withConf(conf)
                    .withType(schema)
                    .withCompressionCodec(codec)
                    .withExtraMetaData(meta)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build()) {
          for (Group g = r.read(); g != null; g = r.read()) {
            if (holds(p, g)) {
              gone++;
            } else {
              w.write(g);
            }
          }
        }
        if (!fs.delete(p, false) || !fs.rename(tmp, p)) {
          throw new IOException("cannot replace " + p + " by its rewrite " + tmp);
        }
        rows.merge(table(p), gone, Long::sum);
        files++;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot rewrite analysis file " + p, e);
      }
    }
    return new Rewritten(rows, files);
  }

  private boolean holds(Path file, Group g) {
    if (g.getFieldRepetitionCount(PARTICIPANT) == 0
        || !participant.equals(g.getString(PARTICIPANT, 0))) {
      return false;
    }
    if (g.getType().containsField(SITE)) {
      return g.getFieldRepetitionCount(SITE) > 0 && site.equals(g.getString(SITE, 0));
    }
    for (Path p = file.getParent(); p != null; p = p.getParent()) {
      if (p.getName().startsWith(SITE + "=")) {
        return p.getName().equals(SITE + "=" + site);
      }
    }
    return true; // no site anywhere: the pseudonym alone (pseudonyms are bound to their site)
  }

  /**
   * The analysis table of a file: {@code analysis/runners} for {@code .../runners.parquet/part-0}.
   */
  private static String table(Path file) {
    for (Path p = file.getParent(); p != null; p = p.getParent()) {
      if (p.getName().endsWith(".parquet")) {
        return Lake.ANALYSIS + "/" + p.getName().substring(0, p.getName().length() - 8);
      }
    }
    String n = file.getName();
    return Lake.ANALYSIS + "/" + n.substring(0, n.length() - 8);
  }

  private ParquetMetadata footer(Path p) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
      return r.getFooter();
    }
  }

  private ParquetReader<Group> reader(Path p) throws IOException {
    return ParquetReader.builder(new GroupReadSupport(), p).withConf(conf).build();
  }
}
