package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --catalog URL}: PostgreSQL or SQLite JDBC URLs, none by default, no password printed. */
class CatalogOptionTest {
  @Command(name = "cmd")
  static final class Cmd implements Runnable {
    @Mixin CatalogOption catalog;

    @Override
    public void run() {}
  }

  private static CatalogOption parse(String... args) {
    Cmd c = new Cmd();
    new CommandLine(c).parseArgs(args);
    return c.catalog;
  }

  @Test
  void takesAPostgresqlUrlWithItsCredentialsAndPrintsItWithoutThePassword() {
    CatalogOption o =
        parse("--catalog", "jdbc:postgresql://db.example:5432/itbs?user=lake&password=s3cr3t");
    assertThat(o.value)
        .isEqualTo("jdbc:postgresql://db.example:5432/itbs?user=lake&password=s3cr3t");
    assertThat(o.printable())
        .isEqualTo("jdbc:postgresql://db.example:5432/itbs?user=lake&password=***");
    assertThat(parse("--catalog", "jdbc:sqlite:/tmp/x.db").value)
        .isEqualTo("jdbc:sqlite:/tmp/x.db");
  }

  @Test
  void defaultsToTheEmbeddedCatalog() {
    assertThat(parse().value).isNull();
  }

  @Test
  void refusesAnotherUrlInOneLineWithoutItsPassword() {
    assertThatThrownBy(() -> parse("--catalog", "jdbc:mysql://h/db?user=u&password=s3cr3t"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--catalog must be a jdbc:postgresql://")
        .hasMessageContaining("jdbc:mysql://h/db?user=u&password=***")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void isDocumentedWithItsFormAndDefault() {
    String description =
        String.join(
            " ", new CommandLine(new Cmd()).getCommandSpec().findOption("--catalog").description());
    assertThat(description)
        .contains("jdbc:postgresql://HOST:PORT/DB?user=U")
        .contains("default LAKE/catalog.db")
        .contains("on a local lake");
  }

  @Test
  void theCatalogOfOneRunDoesNotOutliveIt() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("catalog-option");
    java.nio.file.Path db = dir.resolve("elsewhere.db");
    String before = System.getProperty("itbs.catalog");
    CliRun r =
        CliRun.of(
            "lake",
            "status",
            "--lake",
            dir.resolve("lake").toString(),
            "--catalog",
            "jdbc:sqlite:" + db);
    // The catalog named was the one opened (a lake with no version yet), not LAKE/catalog.db.
    assertThat(db).exists();
    assertThat(dir.resolve("lake").resolve("catalog.db")).doesNotExist();
    assertThat(System.getProperty("itbs.catalog")).as(r.err()).isEqualTo(before);
  }
}
