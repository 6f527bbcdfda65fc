package org.itbs.app;

import org.itbs.core.Settings;
import org.itbs.lake.IcebergLake;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --catalog URL} option of the commands that open the lake's Iceberg catalog (issue 17:
 * {@code ingest}, {@code features}, {@code analyse}, {@code lake ...}), one holder they share as a
 * picocli mixin: the JDBC URL of the catalog's database, {@code
 * jdbc:postgresql://HOST:PORT/DB?user=U&password=P} for a shared hub or a cluster, or {@code
 * jdbc:sqlite:FILE}; {@code null} (not given) for the embedded {@code LAKE/catalog.db} of a lake on
 * the local disk ({@link IcebergLake#open} refuses a lake elsewhere without one). The value is
 * checked for its form only; a password in it is never printed ({@link IcebergLake#redacted}).
 * Given, it is the setting {@code itbs.catalog} ({@link Settings#CATALOG}) for the command's run
 * ({@link #during}), which {@link IcebergLake#openLake} reads.
 */
final class CatalogOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** The catalog URL, or {@code null} for {@code LAKE/catalog.db}. */
  String value;

  @Option(
      names = "--catalog",
      paramLabel = "URL",
      description =
          "The lake's Iceberg catalog: jdbc:postgresql://HOST:PORT/DB?user=U (a shared"
              + " PostgreSQL database, for a hub or a cluster; &password=P may follow); default"
              + " LAKE/catalog.db (embedded SQLite) on a local lake.")
  void set(String url) {
    if (!url.startsWith("jdbc:postgresql://") && !url.startsWith("jdbc:sqlite:")) {
      throw new ParameterException(
          spec.commandLine(),
          "--catalog must be a jdbc:postgresql://HOST:PORT/DB?user=U URL (or jdbc:sqlite:FILE),"
              + " not "
              + IcebergLake.redacted(url));
    }
    value = url;
  }

  /**
   * Runs a parsed command with its {@code --catalog}, if given, as the setting {@code itbs.catalog}
   * ({@link Settings#CATALOG}), the one place a command's catalog is resolved ({@link
   * IcebergLake#openLake}); the setting's previous value is put back afterwards, so that the option
   * holds for this run of the command only.
   */
  static int during(
      picocli.CommandLine.ParseResult parsed, picocli.CommandLine.IExecutionStrategy run) {
    String url = null;
    for (picocli.CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      for (CommandSpec m : p.commandSpec().mixins().values()) {
        if (m.userObject() instanceof CatalogOption c && c.value != null) {
          url = c.value;
        }
      }
    }
    if (url == null) {
      return run.execute(parsed);
    }
    return Settings.CATALOG.during(url, () -> run.execute(parsed));
  }

  /** The URL as it may be printed: without its password. */
  String printable() {
    return IcebergLake.redacted(value);
  }
}
