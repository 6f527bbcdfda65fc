package org.itbs.spark.fs;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the test scheme {@value #SCHEME}, renaming as an object store's connector
 * does (and as Hadoop's file system specification asks): a rename onto an existing file fails. It
 * drives {@link HadoopFileSystemProvider} down the path it takes on S3 and the like, where neither
 * HDFS's {@code rename(OVERWRITE)} nor POSIX {@code rename(2)} replaces a file.
 */
public class ObjectStoreLikeFileSystem extends RawLocalFileSystem {
  /** The scheme ({@code fs.itbsobj.impl} names this class). */
  public static final String SCHEME = "itbsobj";

  private static final URI NAME = URI.create(SCHEME + ":///");

  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    if (exists(dst) && getFileStatus(dst).isFile()) {
      return false;
    }
    return super.rename(src, dst);
  }
}
