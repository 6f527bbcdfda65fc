package org.itbs.spark.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * One in-process HDFS (a name node and a data node, {@link MiniDFSCluster}) for the tests of this
 * JVM, started on first use and stopped at JVM exit; every port on 127.0.0.1, its storage under
 * {@code target/minidfs}.
 */
final class MiniHdfs {
  private static MiniDFSCluster cluster;
  private static URI uri;

  private MiniHdfs() {}

  /** {@code hdfs://127.0.0.1:PORT}, the name node of the running cluster. */
  static synchronized URI uri() {
    if (cluster == null) {
      start();
    }
    return uri;
  }

  private static void start() {
    Path base = Path.of("target", "minidfs").toAbsolutePath();
    deleteTree(base);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.servicerpc-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.namenode.http-bind-host", "127.0.0.1");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.set("dfs.datanode.hostname", "127.0.0.1");
    conf.setInt("dfs.replication", 1);
    try {
      cluster =
          new MiniDFSCluster.Builder(conf)
              .numDataNodes(1)
              .storagesPerDatanode(1)
              .format(true)
              .build();
      cluster.waitActive();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the MiniDFSCluster under " + base, e);
    }
    uri = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.shutdown(), "minidfs-stop"));
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
