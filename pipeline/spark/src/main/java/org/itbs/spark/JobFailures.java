package org.itbs.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.itbs.core.Settings;
import org.itbs.core.lake.LakeBusyException;

/**
 * How the jobs ({@code itbs ingest}, {@code itbs features}, and their mains under spark-submit) end
 * on a failure: one line on standard error saying what failed, where and what to do, an exit status
 * the README lists, and the stack trace only with {@link Settings#DEBUG} ({@code --debug}, {@code
 * ITBS_DEBUG=1}).
 *
 * <table>
 *   <caption>Exit statuses</caption>
 *   <tr><td>{@value #OK}</td><td>done</td></tr>
 *   <tr><td>{@value #FAILED}</td><td>the run failed (disk full, no permission, a task that failed,
 *       out of memory): nothing was committed</td></tr>
 *   <tr><td>{@value #BAD_ARGUMENT}</td><td>a bad argument or path</td></tr>
 *   <tr><td>{@value #REFUSED}</td><td>a submission was refused</td></tr>
 *   <tr><td>{@value #BUSY}</td><td>another run holds the lake's lock</td></tr>
 *   <tr><td>{@value #UNREACHABLE}</td><td>the Spark master (or the lake's file system) could not
 *       be reached, or a {@code spark://} master did not take the application or give it an
 *       executor in time ({@link SparkSessions})</td></tr>
 * </table>
 */
public final class JobFailures {
  /** Exit status of a run that did its work. */
  public static final int OK = 0;

  /** Exit status of a run that failed; nothing of it was committed. */
  public static final int FAILED = 1;

  /** Exit status of a bad argument. */
  public static final int BAD_ARGUMENT = 2;

  /** Exit status of a refused submission. */
  public static final int REFUSED = 3;

  /** Exit status of a run that found the lake locked by another (without {@code --wait}). */
  public static final int BUSY = 4;

  /** Exit status of a run that could not reach the Spark master or the lake's file system. */
  public static final int UNREACHABLE = 5;

  /** How long to try to connect to a standalone master before giving up. */
  static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private static final int MAX_LINE = 400;

  /**
   * The exit code of an executor that Spark ended on an out of memory error (SparkExitCode.OOM).
   */
  static final int SPARK_OOM_EXIT_CODE = 52;

  private JobFailures() {}

  /**
   * Reports a failure of a job in one line on {@code err}, {@code <tool>: <message>}, the stack
   * trace after it with {@link Settings#DEBUG}.
   *
   * @param tool the command, e.g. {@code itbs ingest}
   * @param lake the lake as given, named in messages about the file system
   * @return the exit status for {@code e}
   */
  public static int report(String tool, String lake, Throwable e, PrintStream err) {
    err.println(tool + ": " + oneLine(lake, e));
    if (Settings.DEBUG.isOn()) {
      e.printStackTrace(err);
    }
    return status(e);
  }

  /** The exit status of a failure (see the class comment). */
  public static int status(Throwable e) {
    if (e instanceof LakeBusyException) {
      return BUSY;
    }
    if (e instanceof MasterUnreachableException || find(e, ConnectException.class) != null) {
      return UNREACHABLE;
    }
    if (e instanceof IllegalArgumentException) {
      return BAD_ARGUMENT;
    }
    return FAILED;
  }

  /** The one line that says what failed, where and what to do; no line breaks. */
  static String oneLine(String lake, Throwable e) {
    String m;
    if (e instanceof LakeBusyException
        || e instanceof MasterUnreachableException
        || e instanceof IllegalArgumentException) {
      m = firstLine(e.getMessage());
    } else if (noSpace(e)) {
      m =
          "no space left on the device of "
              + where(lake, e)
              + "; nothing was committed: free some space (or choose another --lake) and run"
              + " again";
    } else if (find(e, AccessDeniedException.class) != null) {
      m =
          "permission denied: "
              + where(lake, e)
              + "; nothing was committed: give this user write access to the lake folder, or"
              + " choose another --lake";
    } else if (find(e, NotDirectoryException.class) != null || notADirectory(e)) {
      m =
          "not a folder: "
              + where(lake, e)
              + "; nothing was committed: --lake must name a folder (or one that can be created)";
    } else if (outOfMemory(e) != null) {
      m =
          "out of memory ("
              + outOfMemory(e)
              + "); nothing was committed: give the JVM more memory (ITBS_JAVA_OPTS=-Xmx8g) or, on"
              + " a cluster, the executors (spark.executor.memory)";
    } else if (find(e, ConnectException.class) != null) {
      m =
          "cannot connect: "
              + firstLine(find(e, ConnectException.class).getMessage())
              + "; check that the Spark master and the lake's file system are up and run again";
    } else {
      m = describe(e) + "; nothing was committed (--debug shows the details)";
    }
    return m.length() > MAX_LINE ? m.substring(0, MAX_LINE) + "…" : m;
  }

  /** What failed: our own message, and the root cause when Spark's or Hadoop's wraps it. */
  private static String describe(Throwable e) {
    List<Throwable> chain = chain(e);
    Throwable own = e;
    for (Throwable t : chain) {
      if (t.getClass().getName().startsWith("org.itbs.")
          || t.getClass().getName().startsWith("java.")) {
        own = t;
        break;
      }
    }
    Throwable root = chain.get(chain.size() - 1);
    String first = text(own);
    if (root != own) {
      String r = text(root);
      if (!first.contains(r)) {
        first = first + " (" + r + ")";
      }
    }
    return first;
  }

  private static String text(Throwable t) {
    String m = firstLine(t.getMessage());
    if (m.isEmpty()
        || t instanceof FileSystemException
        || t instanceof NullPointerException
        || t instanceof IllegalStateException && m.length() < 20) {
      return t.getClass().getSimpleName() + (m.isEmpty() ? "" : " " + m);
    }
    return m;
  }

  private static String where(String lake, Throwable e) {
    FileSystemException f = find(e, FileSystemException.class);
    if (f != null && f.getFile() != null) {
      return f.getFile();
    }
    return "lake " + lake;
  }

  /**
   * What ran out of memory, or {@code null}: an {@link OutOfMemoryError} in the chain (the
   * driver's, or a task's that Spark passed on as the cause of its {@code SparkException}), a
   * message that names one (a task's failure told as text), or an executor that Spark ended with
   * its exit code for out of memory, {@value #SPARK_OOM_EXIT_CODE} (on a cluster the driver only
   * learns that).
   */
  private static String outOfMemory(Throwable e) {
    OutOfMemoryError oom = find(e, OutOfMemoryError.class);
    if (oom != null) {
      String m = firstLine(oom.getMessage());
      return m.isEmpty() ? "OutOfMemoryError" : m;
    }
    for (Throwable t : chain(e)) {
      String m = t.getMessage();
      if (m == null) {
        continue;
      }
      int i = m.indexOf(OutOfMemoryError.class.getName());
      if (i >= 0) {
        String rest = firstLine(m.substring(i + OutOfMemoryError.class.getName().length()));
        rest = rest.startsWith(":") ? rest.substring(1).strip() : rest;
        return rest.isEmpty() ? "OutOfMemoryError" : rest;
      }
      if (m.contains("exited with code " + SPARK_OOM_EXIT_CODE)) {
        return "an executor ended with Spark's exit code " + SPARK_OOM_EXIT_CODE;
      }
    }
    return null;
  }

  private static boolean noSpace(Throwable e) {
    for (Throwable t : chain(e)) {
      String m = t.getMessage();
      if (m != null) {
        String l = m.toLowerCase(Locale.ROOT);
        if (l.contains("no space left on device") || l.contains("disk quota exceeded")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean notADirectory(Throwable e) {
    for (Throwable t : chain(e)) {
      if (t instanceof FileSystemException f
          && f.getReason() != null
          && f.getReason().toLowerCase(Locale.ROOT).contains("not a directory")) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    String s = m.strip();
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static List<Throwable> chain(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t : chain(e)) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The Spark master could not be reached: nothing was started. */
  public static final class MasterUnreachableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MasterUnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Checks that a standalone master ({@code spark://HOST:PORT}, or several for a master with
   * standbys, {@code spark://H1:P1,H2:P2}) accepts connections, within {@value
   * #CONNECT_TIMEOUT_MILLIS} ms each, before a session is started (Spark itself would try for some
   * 60 seconds and then print its stack traces). Other masters ({@code local}, {@code yarn}, {@code
   * k8s://}) and {@code null} are not checked.
   *
   * @throws MasterUnreachableException when none of the masters accepts a connection
   */
  public static void checkMasterReachable(String master) {
    if (master == null || !master.startsWith("spark://")) {
      return;
    }
    String[] hosts = master.substring("spark://".length()).split(",");
    IOException last = null;
    for (String hp : hosts) {
      URI u;
      try {
        u = URI.create("spark://" + hp.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--master " + master + ": not HOST:PORT: " + hp, e);
      }
      if (u.getHost() == null || u.getPort() < 0) {
        throw new IllegalArgumentException("--master " + master + ": not HOST:PORT: " + hp);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()), CONNECT_TIMEOUT_MILLIS);
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    String why =
        last instanceof SocketTimeoutException
            ? "no answer within " + CONNECT_TIMEOUT_MILLIS / 1000 + " s"
            : last instanceof UnknownHostException
                ? "unknown host"
                : firstLine(last.getMessage()).toLowerCase(Locale.ROOT);
    throw new MasterUnreachableException(
        "cannot reach the Spark master "
            + master
            + " ("
            + why
            + "); nothing was started: start the cluster (`itbs cluster start` prints its URL),"
            + " check --master, or leave it out to run on this machine",
        last);
  }
}
