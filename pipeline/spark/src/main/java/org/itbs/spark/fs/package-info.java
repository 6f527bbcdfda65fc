/**
 * java.nio over Hadoop's {@code FileSystem} ({@link org.itbs.spark.fs.HadoopFileSystemProvider}),
 * so that the lake and the submissions can be on {@code hdfs://}, {@code s3a://} and the other
 * Hadoop file systems with the same {@link java.nio.file.Files} code as on a local disk. Paths are
 * made by {@link org.itbs.spark.JobPaths}.
 */
package org.itbs.spark.fs;
