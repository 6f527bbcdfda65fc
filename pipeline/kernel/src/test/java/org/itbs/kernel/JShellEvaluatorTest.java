package org.itbs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellEvaluatorTest {
  private static JShellEvaluator evaluator;

  @BeforeAll
  static void startJShell() {
    evaluator = JShellEvaluator.create();
  }

  @AfterAll
  static void closeJShell() {
    evaluator.close();
  }

  private static CellResult run(String code) {
    return evaluator.eval(code, new RecordingOutput());
  }

  private static String shown(CellResult result) {
    assertThat(result.error()).as("error of %s", result).isEmpty();
    assertThat(result.value()).as("value of %s", result).isPresent();
    return result.value().get().get(MimeBundle.TEXT);
  }

  @Test
  void keepsVariablesMethodsImportsAndClassesBetweenCells() {
    assertThat(run("int base = 40;").error()).isEmpty();
    assertThat(run("int twice(int x) { return 2 * x; }").error()).isEmpty();
    assertThat(run("import java.time.LocalDate;").error()).isEmpty();
    assertThat(run("record Pair(int a, int b) {}").error()).isEmpty();

    assertThat(shown(run("twice(base) + new Pair(1, 1).b()"))).isEqualTo("81");
    assertThat(shown(run("LocalDate.of(2024, 2, 29).plusDays(1)"))).isEqualTo("2024-03-01");
  }

  @Test
  void runsEveryStatementOfACellAndShowsTheLastExpression() {
    RecordingOutput output = new RecordingOutput();
    CellResult result =
        evaluator.eval(
            "// counts to three\nint n = 0;\nfor (int i = 0; i < 3; i++) { n++; }\nString word = \"a;b\"; // a semicolon in a string\nn * 10",
            output);

    assertThat(shown(result)).isEqualTo("30");
    assertThat(shown(run("word"))).isEqualTo("a;b");
  }

  @Test
  void showsNothingWhenTheCellEndsInADeclarationOrStatement() {
    assertThat(run("int unseen = 7;").value()).isEmpty();
    assertThat(run("System.out.print(\"\")").value()).isEmpty();
    assertThat(run("").value()).isEmpty();
  }

  @Test
  void seesThePipelineOnItsClassPath() {
    CellResult result =
        run(
            "import org.itbs.analysis.plan.PlanV1;\n"
                + "import org.itbs.analysis.Analyse;\n"
                + "PlanV1.class.getName() + \" \" + Analyse.class.getSimpleName()");

    assertThat(shown(result)).isEqualTo("org.itbs.analysis.plan.PlanV1 Analyse");
  }

  @Test
  void sendsWhatTheCellPrintsToItsOutputAndRestoresSystemStreams() {
    PrintStream before = System.out;
    RecordingOutput output = new RecordingOutput();

    CellResult result =
        evaluator.eval(
            "System.out.println(\"mean 1,5 ± 0,2\");\nSystem.err.print(\"warn\");\nSystem.out.print(\"no newline\")",
            output);

    assertThat(result.error()).isEmpty();
    assertThat(output.stdout).hasToString("mean 1,5 ± 0,2\nno newline");
    assertThat(output.stderr).hasToString("warn");
    assertThat(System.out).isSameAs(before);
  }

  @Test
  void reportsCompileErrorWithMessageCellLineAndSource() {
    CellResult result = run("int fine = 1;\ndouble bad = undefinedDose * 2;\nfine");

    assertThat(result.value()).isEmpty();
    CellError error = result.error().orElseThrow();
    assertThat(error.name()).isEqualTo(CellError.COMPILATION_ERROR);
    assertThat(error.message()).contains("cannot find symbol").contains("undefinedDose");
    assertThat(error.traceback())
        .anySatisfy(line -> assertThat(line).matches("In \\[\\d+], line 2: cannot find symbol"))
        .contains("    double bad = undefinedDose * 2;", "                 ^^^^^^^^^^^^^");
  }

  @Test
  void reportsRuntimeExceptionWithTypeMessageAndCellFrames() {
    assertThat(
            run("void check(int n) {\n  if (n < 0) throw new IllegalArgumentException(\"n < 0: \" + n);\n}")
                .error())
        .isEmpty();

    CellResult result = run("int k = 1;\ncheck(-k);");

    CellError error = result.error().orElseThrow();
    assertThat(error.name()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(error.message()).isEqualTo("n < 0: -1");
    assertThat(error.traceback().get(0)).isEqualTo("java.lang.IllegalArgumentException: n < 0: -1");
    assertThat(error.traceback())
        .anySatisfy(line -> assertThat(line).matches("    at check \\(In \\[\\d+], line 2\\)"))
        .anySatisfy(line -> assertThat(line).matches("    at In \\[\\d+], line 2"));
  }

  @Test
  void capsTheStackFramesOfARunawayRecursion() {
    assertThat(run("int down(int n) { return down(n + 1) + 1; }").error()).isEmpty();

    CellError error = run("down(0)").error().orElseThrow();

    assertThat(error.name()).isEqualTo("java.lang.StackOverflowError");
    assertThat(error.traceback()).hasSize(1 + JShellEvaluator.MAX_FRAMES + 1);
    assertThat(error.traceback().get(1)).matches("    at down \\(In \\[\\d+], line 1\\)");
    assertThat(error.traceback().get(error.traceback().size() - 1))
        .matches("    … \\d+ more frames");
  }

  @Test
  void stopInterruptsTheRunningStatement() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    RecordingOutput output =
        new RecordingOutput() {
          @Override
          public void stdout(String text) {
            super.stdout(text);
            started.countDown();
          }
        };
    Thread stopper =
        new Thread(
            () -> {
              try {
                if (started.await(60, TimeUnit.SECONDS)) {
                  evaluator.stop();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    stopper.start();
    long begin = System.nanoTime();

    CellResult result =
        evaluator.eval(
            "int slept = 0;\n{\n  System.out.println(\"sleeping\");\n  Thread.sleep(60_000);\n}",
            output);

    stopper.join();
    assertThat(System.nanoTime() - begin).isLessThan(TimeUnit.SECONDS.toNanos(30));
    CellError error = result.error().orElseThrow();
    assertThat(error.name()).isEqualTo("java.lang.InterruptedException");
    assertThat(error.traceback())
        .anySatisfy(line -> assertThat(line).matches("    at In \\[\\d+], line 4"));
  }

  @Test
  void stopSkipsTheStatementsLeftInTheCellAndIsForgottenByTheNext() {
    RecordingOutput output =
        new RecordingOutput() {
          @Override
          public void stdout(String text) {
            super.stdout(text);
            evaluator.stop();
          }
        };

    CellResult result =
        evaluator.eval("System.out.println(\"first\");\nSystem.out.println(\"second\");", output);

    CellError error = result.error().orElseThrow();
    assertThat(error.name()).isEqualTo(CellError.INTERRUPTED);
    assertThat(error.message()).isEqualTo("the cell was interrupted before line 2");
    assertThat(output.stdout).hasToString("first\n");
    assertThat(shown(run("\"next cell runs\""))).isEqualTo("next cell runs");
  }

  @Test
  void stopsAtTheFirstFailingStatementOfACell() {
    RecordingOutput output = new RecordingOutput();

    CellResult result =
        evaluator.eval(
            "System.out.println(\"before\");\nint q = 1 / 0;\nSystem.out.println(\"after\");",
            output);

    assertThat(result.error().orElseThrow().name()).isEqualTo("java.lang.ArithmeticException");
    assertThat(output.stdout).hasToString("before\n");
  }

  @Test
  void reportsACellThatEndsInsideAStatement() {
    CellResult result = run("int ok = 1;\nfor (int i = 0; i < 3; i++) {");

    CellError error = result.error().orElseThrow();
    assertThat(error.name()).isEqualTo(CellError.INCOMPLETE_SOURCE);
    assertThat(error.message()).contains("for (int i = 0; i < 3; i++) {");
    assertThat(error.traceback().get(0)).contains("line 2");
  }

  @Test
  void reportsUseOfAMethodWhoseDependencyIsMissing() {
    RecordingOutput declaring = new RecordingOutput();
    assertThat(evaluator.eval("int later() { return notYetDeclared(); }", declaring).error())
        .isEmpty();
    assertThat(declaring.stderr.toString()).contains("notYetDeclared");

    CellError error = run("later()").error().orElseThrow();

    assertThat(error.name()).isEqualTo("UnresolvedReferenceException");
    assertThat(error.message()).contains("later").contains("notYetDeclared");
  }

  @Test
  void displayShowsIntermediateValuesInOrderWithPrintedText() {
    RecordingOutput output = new RecordingOutput();

    CellResult result =
        evaluator.eval(
            "System.out.print(\"first \");\ndisplay(\"<svg width='1'></svg>\");\ndisplay(42);",
            output);

    assertThat(result.error()).isEmpty();
    assertThat(output.stdout).hasToString("first ");
    assertThat(output.displays).hasSize(2);
    assertThat(output.displays.get(0).get(MimeBundle.SVG)).isEqualTo("<svg width='1'></svg>");
    assertThat(output.displays.get(1).get(MimeBundle.TEXT)).isEqualTo("42");
  }

  @Test
  void displayOutsideACellSaysNoCellIsRunning() {
    assertThatThrownBy(() -> Display.display("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("none is running");
  }

  @Test
  void rendersTheLastExpressionFromTheObjectNotItsToString() {
    CellResult result =
        run(
            "import tech.tablesaw.api.*;\n"
                + "Table.create(\"doses\", StringColumn.create(\"drug\", \"<b>ibuprofen</b>\"))");

    assertThat(result.error()).isEmpty();
    assertThat(result.value().orElseThrow().get(MimeBundle.HTML))
        .contains("<td>&lt;b&gt;ibuprofen&lt;/b&gt;</td>");
  }

  @Test
  void saysWhetherACellIsComplete() {
    assertThat(evaluator.isComplete("int a = 1;\na + 1"))
        .isEqualTo(JShellEvaluator.Completion.COMPLETE);
    assertThat(evaluator.isComplete("if (true) {"))
        .isEqualTo(JShellEvaluator.Completion.INCOMPLETE);
  }

  @Test
  void completesMembersOfTheSnippetAtTheCursor() {
    run("String greeting = \"hello\";");
    String code = "int y = 1;\ngreeting.toUpp";

    JShellEvaluator.Completions completions = evaluator.complete(code, code.length());

    assertThat(completions.candidates()).contains("toUpperCase(");
    assertThat(code.substring(completions.start(), completions.end())).isEqualTo("toUpp");
  }
}
