package org.itbs.kernel;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Evaluates notebook cells with JShell, in this JVM, keeping state between cells: a variable,
 * method, class or import defined in one cell is usable in the next. A cell may hold any number of
 * snippets (statements, declarations, expressions); they run in order and the first that fails
 * stops the cell. While a cell runs, its {@code System.out} and {@code System.err} go to the given
 * {@link CellOutput}, {@code System.in} is empty and {@link Display#display(Object)} shows values.
 *
 * <p>Not thread-safe: one cell at a time. {@link #stop()} may be called from another thread.
 */
final class JShellEvaluator implements AutoCloseable {
  /**
   * Evaluated before the first cell: the imports of the {@code jshell} tool's DEFAULT startup, and
   * the {@code display} helper.
   */
  static final List<String> STARTUP =
      List.of(
          "import java.io.*;",
          "import java.math.*;",
          "import java.net.*;",
          "import java.nio.file.*;",
          "import java.util.*;",
          "import java.util.concurrent.*;",
          "import java.util.function.*;",
          "import java.util.regex.*;",
          "import java.util.stream.*;",
          "import static org.itbs.kernel.Display.display;");

  /** Snippets whose value is shown when they end a cell (not declarations, not statements). */
  private static final Set<Snippet.SubKind> EXPRESSIONS =
      EnumSet.of(
          Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND,
          Snippet.SubKind.VAR_VALUE_SUBKIND,
          Snippet.SubKind.ASSIGNMENT_SUBKIND,
          Snippet.SubKind.OTHER_EXPRESSION_SUBKIND);

  /** Stack frames shown per exception (a runaway recursion has thousands). */
  static final int MAX_FRAMES = 40;

  /** Where a snippet came from, to name cell lines in stack traces: "In [3], line 2". */
  private record Place(int cell, int firstLine) {}

  /** How one snippet ended: with a value to show, with nothing to show, or with an error. */
  private record Outcome(boolean hasValue, Object value, CellError error) {
    static final Outcome NOTHING = new Outcome(false, null, null);
  }

  /**
   * Candidates that complete the code at a cursor.
   *
   * @param start offset in the cell of the text the candidates replace
   * @param end offset in the cell where that text ends (the cursor)
   * @param candidates replacement texts, best first; empty when there is nothing to propose
   */
  record Completions(int start, int end, List<String> candidates) {}

  /** What {@link #isComplete} says about a cell's source. */
  enum Completion {
    /** Every statement is finished: the cell can run. */
    COMPLETE,
    /** The last statement is not finished yet (an open brace, a missing semicolon). */
    INCOMPLETE,
    /** The source cannot be parsed; running it reports the error. */
    INVALID
  }

  private final JShell shell;
  private final CellExecutionControl control;
  private final Map<String, Place> places = new HashMap<>();
  private int cells;

  private JShellEvaluator(JShell shell, CellExecutionControl control) {
    this.shell = shell;
    this.control = control;
  }

  /**
   * An evaluator whose cells compile against this JVM's class path ({@code java.class.path}), so
   * that {@code import org.itbs.analysis.plan.PlanV1;} works in a cell of a kernel started with the
   * pipeline on its class path.
   */
  static JShellEvaluator create() {
    return create(System.getProperty("java.class.path", ""));
  }

  /**
   * An evaluator whose cells compile against the JDK and {@code classPath}. Cells run in this JVM:
   * their classes are loaded by a class loader whose parent is the system class loader, so they see
   * the very classes the kernel uses (a {@code Table} a cell returns is the kernel's {@code
   * Table}).
   *
   * @param classPath entries separated by {@link java.io.File#pathSeparator}; may be empty
   * @throws IllegalStateException if the startup imports do not compile (the class path lacks this
   *     module's classes)
   */
  static JShellEvaluator create(String classPath) {
    Objects.requireNonNull(classPath, "classPath");
    CellExecutionControl control = new CellExecutionControl();
    ExecutionControlProvider local =
        new ExecutionControlProvider() {
          @Override
          public String name() {
            return "itbs-local";
          }

          @Override
          public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
          }
        };
    JShell shell = JShell.builder().executionEngine(local, Map.of()).build();
    if (!classPath.isBlank()) {
      shell.addToClasspath(classPath);
    }
    JShellEvaluator evaluator = new JShellEvaluator(shell, control);
    for (String snippet : STARTUP) {
      CellResult result = evaluator.evalSource(0, snippet);
      if (result.error().isPresent()) {
        shell.close();
        throw new IllegalStateException(
            "Kernel startup snippet failed: " + snippet + " → " + result.error().get());
      }
    }
    return evaluator;
  }

  /**
   * Evaluates one cell.
   *
   * @param code the cell's source: any number of snippets, possibly none
   * @param output receives the cell's standard output and error as they are written, and what it
   *     passes to {@code display}
   * @return the rendered value of the cell's last snippet when that is an expression, or the error
   *     that stopped the cell (a compile error, an exception, a statement left unfinished)
   */
  CellResult eval(String code, CellOutput output) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(output, "output");
    int cell = ++cells;
    control.clearStop();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    InputStream stdin = System.in;
    CellStream cellOut = new CellStream(output::stdout);
    CellStream cellErr = new CellStream(output::stderr);
    System.setOut(new PrintStream(cellOut, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(cellErr, true, StandardCharsets.UTF_8));
    System.setIn(InputStream.nullInputStream());
    Display.attach(
        value -> {
          cellOut.flush();
          cellErr.flush();
          output.display(Rendering.render(value));
        });
    try {
      return evalSource(cell, code);
    } finally {
      Display.detach();
      System.out.flush();
      System.err.flush();
      System.setOut(stdout);
      System.setErr(stderr);
      System.setIn(stdin);
    }
  }

  private CellResult evalSource(int cell, String code) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String rest = code;
    CompletionInfo info = analysis.analyzeCompletion(rest);
    Outcome last = Outcome.NOTHING;
    while (info.completeness().isComplete()) {
      // JShell numbers the lines of a snippet that starts with white space wrongly: drop it.
      String source = info.source().stripLeading();
      int start = code.length() - rest.length() + info.source().length() - source.length();
      if (control.stopping()) {
        String message = "the cell was interrupted before line " + lineAt(code, start);
        return CellResult.failed(
            new CellError(
                CellError.INTERRUPTED,
                message,
                List.of(where(cell, lineAt(code, start)) + ": " + message)));
      }
      last = evalSnippet(source, cell, code, start);
      if (last.error() != null) {
        return CellResult.failed(last.error());
      }
      rest = info.remaining();
      info = analysis.analyzeCompletion(rest);
    }
    if (info.completeness() != Completeness.EMPTY) {
      int start = firstNonBlank(code, code.length() - rest.length());
      String statement = firstLine(code.substring(start));
      String message = "the cell ends inside an unfinished statement: " + statement;
      return CellResult.failed(
          new CellError(
              CellError.INCOMPLETE_SOURCE,
              message,
              List.of(where(cell, lineAt(code, start)) + ": " + message)));
    }
    if (!last.hasValue()) {
      return CellResult.nothingToShow();
    }
    try {
      return CellResult.showing(Rendering.render(last.value()));
    } catch (RuntimeException e) { // a toString that throws, an image that cannot be encoded
      return CellResult.failed(
          new CellError(
              e.getClass().getName(),
              Objects.toString(e.getMessage(), ""),
              List.of("Cannot show the value of the cell's last expression: " + e)));
    }
  }

  /**
   * Evaluates one snippet, {@code source}, that starts at offset {@code start} (not white space) of
   * the cell {@code code}.
   *
   * @return its value when it is an expression that ran, its error, or nothing
   */
  private Outcome evalSnippet(String source, int cell, String code, int start) {
    control.takeLastValue();
    List<SnippetEvent> events = shell.eval(source);
    Place place = new Place(cell, lineAt(code, start));
    List<SnippetEvent> own = new ArrayList<>();
    for (SnippetEvent event : events) {
      if (event.causeSnippet() == null) { // not a snippet this one updated or replaced
        places.put(event.snippet().id(), place);
        own.add(event);
      }
    }
    for (SnippetEvent event : own) {
      if (event.exception() != null) {
        return new Outcome(false, null, runtimeError(event.exception()));
      }
      if (event.status() == Snippet.Status.REJECTED) {
        return new Outcome(false, null, compileError(event.snippet(), cell, code, start));
      }
    }
    for (SnippetEvent event : own) {
      noteUnresolved(event);
    }
    if (own.size() == 1
        && own.get(0).status() == Snippet.Status.VALID
        && EXPRESSIONS.contains(own.get(0).snippet().subKind())) {
      return new Outcome(true, control.takeLastValue(), null);
    }
    return Outcome.NOTHING;
  }

  /** Tells the cell's standard error when a declaration waits for something not declared yet. */
  private void noteUnresolved(SnippetEvent event) {
    if (event.status() != Snippet.Status.RECOVERABLE_DEFINED
        && event.status() != Snippet.Status.RECOVERABLE_NOT_DEFINED) {
      return;
    }
    if (event.snippet() instanceof DeclarationSnippet declaration) {
      List<String> missing = shell.unresolvedDependencies(declaration).toList();
      if (!missing.isEmpty()) {
        System.err.println(
            "note: "
                + describe(declaration)
                + " cannot be used until "
                + String.join(", ", missing)
                + " is declared");
      }
    }
  }

  private CellError compileError(Snippet snippet, int cell, String code, int start) {
    List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).toList();
    if (errors.isEmpty()) {
      String message =
          "JShell cannot evaluate this snippet: " + firstLine(snippet.source().strip());
      int line = lineAt(code, start);
      return new CellError(
          CellError.COMPILATION_ERROR, message, List.of(where(cell, line) + ": " + message));
    }
    List<String> traceback = new ArrayList<>();
    for (Diag diag : errors) {
      long position = diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition();
      long end = Math.max(diag.getEndPosition(), position + 1);
      List<String> message = diag.getMessage(Locale.ENGLISH).lines().toList();
      String first = message.isEmpty() ? "error" : message.get(0);
      if (position < 0) {
        traceback.add(where(cell, lineAt(code, start)) + ": " + first);
      } else {
        int at = (int) Math.min(code.length(), start + position);
        int lineStart = code.lastIndexOf('\n', at - 1) + 1;
        int lineEnd = code.indexOf('\n', at);
        lineEnd = lineEnd < 0 ? code.length() : lineEnd;
        String sourceLine = code.substring(lineStart, lineEnd);
        int marks = (int) Math.max(1, Math.min(lineEnd, start + end) - at);
        traceback.add(where(cell, lineAt(code, at)) + ": " + first);
        traceback.add("    " + sourceLine);
        traceback.add("    " + indentLike(sourceLine, at - lineStart) + "^".repeat(marks));
      }
      message.stream().skip(1).filter(l -> !isBlankLocation(l)).forEach(traceback::add);
    }
    return new CellError(
        CellError.COMPILATION_ERROR, oneLine(errors.get(0).getMessage(Locale.ENGLISH)), traceback);
  }

  private CellError runtimeError(JShellException exception) {
    if (exception instanceof UnresolvedReferenceException unresolved) {
      DeclarationSnippet snippet = unresolved.getSnippet();
      String message =
          describe(snippet)
              + " cannot be used until "
              + shell.unresolvedDependencies(snippet).collect(Collectors.joining(", "))
              + " is declared";
      List<String> traceback = new ArrayList<>();
      traceback.add(UnresolvedReferenceException.class.getSimpleName() + ": " + message);
      appendFrames(traceback, exception);
      return new CellError(UnresolvedReferenceException.class.getSimpleName(), message, traceback);
    }
    List<String> traceback = new ArrayList<>();
    appendTrace(traceback, exception, "", 0);
    return new CellError(
        className(exception), Objects.toString(exception.getMessage(), ""), traceback);
  }

  private void appendTrace(List<String> traceback, Throwable throwable, String prefix, int depth) {
    String message = throwable.getMessage();
    traceback.add(prefix + className(throwable) + (message == null ? "" : ": " + message));
    appendFrames(traceback, throwable);
    if (throwable.getCause() != null && depth < 16) {
      appendTrace(traceback, throwable.getCause(), "Caused by: ", depth + 1);
    }
  }

  /**
   * Stack frames, at most {@link #MAX_FRAMES}; a frame of a cell names the cell and line: {@code at
   * f (In [3], line 2)}.
   */
  private void appendFrames(List<String> traceback, Throwable throwable) {
    StackTraceElement[] frames = throwable.getStackTrace();
    for (int i = 0; i < frames.length; i++) {
      if (i == MAX_FRAMES) {
        traceback.add("    … " + (frames.length - i) + " more frames");
        return;
      }
      StackTraceElement frame = frames[i];
      String file = frame.getFileName();
      Place place = file != null && file.startsWith("#") ? places.get(file.substring(1)) : null;
      if (place == null) {
        traceback.add("    at " + frame);
        continue;
      }
      String method =
          frame.getClassName().isEmpty()
              ? frame.getMethodName()
              : frame.getClassName() + "." + frame.getMethodName();
      String location = where(place.cell(), place.firstLine() + frame.getLineNumber() - 1);
      traceback.add("    at " + (method.isEmpty() ? location : method + " (" + location + ")"));
    }
  }

  /**
   * Says whether {@code code} is ready to run.
   *
   * @param code a cell's source
   * @return {@link Completion#INCOMPLETE} when its last statement is unfinished, {@link
   *     Completion#INVALID} when it cannot be parsed, {@link Completion#COMPLETE} otherwise
   */
  Completion isComplete(String code) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    CompletionInfo info = analysis.analyzeCompletion(code);
    while (info.completeness().isComplete()) {
      if (info.completeness() == Completeness.UNKNOWN) {
        return Completion.INVALID;
      }
      info = analysis.analyzeCompletion(info.remaining());
    }
    return info.completeness() == Completeness.EMPTY ? Completion.COMPLETE : Completion.INCOMPLETE;
  }

  /**
   * Proposes completions of the identifier or member at {@code cursor}, from the cell's state.
   *
   * @param code a cell's source
   * @param cursor offset in {@code code}, {@code 0 ≤ cursor ≤ code.length()}
   * @return the candidates and the span of {@code code} they replace
   * @throws IllegalArgumentException if {@code cursor} is outside {@code code}
   */
  Completions complete(String code, int cursor) {
    if (cursor < 0 || cursor > code.length()) {
      throw new IllegalArgumentException(
          "cursor " + cursor + " is outside the cell (0–" + code.length() + ")");
    }
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    int start = 0; // the snippet the cursor is in starts here
    CompletionInfo info = analysis.analyzeCompletion(code.substring(0, cursor));
    while (info.completeness().isComplete() && !info.remaining().isBlank()) {
      start = cursor - info.remaining().length();
      info = analysis.analyzeCompletion(info.remaining());
    }
    int[] anchor = new int[1];
    List<String> candidates =
        analysis.completionSuggestions(code.substring(start), cursor - start, anchor).stream()
            .map(SourceCodeAnalysis.Suggestion::continuation)
            .distinct()
            .toList();
    return new Completions(start + anchor[0], cursor, candidates);
  }

  /**
   * Interrupts the running cell, if any: its running statement is interrupted (see {@link
   * CellExecutionControl#stop()}) and its later statements do not run.
   */
  void stop() {
    shell.stop();
  }

  /** Closes the JShell instance; the evaluator cannot be used afterwards. */
  @Override
  public void close() {
    shell.close();
  }

  private static String className(Throwable throwable) {
    return throwable instanceof EvalException eval
        ? eval.getExceptionClassName()
        : throwable.getClass().getName();
  }

  private static String describe(DeclarationSnippet snippet) {
    if (snippet instanceof MethodSnippet method) {
      return "method " + method.name() + "(" + method.parameterTypes() + ")";
    }
    return snippet.kind().name().toLowerCase(Locale.ROOT).replace("type_decl", "type")
        + " "
        + snippet.name();
  }

  private static String where(int cell, int line) {
    return cell == 0 ? "startup, line " + line : "In [" + cell + "], line " + line;
  }

  /** The 1-based line of {@code code} that holds offset {@code at}. */
  private static int lineAt(String code, int at) {
    int line = 1;
    for (int i = 0; i < Math.min(at, code.length()); i++) {
      if (code.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int firstNonBlank(String code, int from) {
    int i = from;
    while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }

  /** White space as wide as the first {@code width} characters of {@code line}, tabs kept. */
  private static String indentLike(String line, int width) {
    StringBuilder indent = new StringBuilder(width);
    for (int i = 0; i < width && i < line.length(); i++) {
      indent.append(line.charAt(i) == '\t' ? '\t' : ' ');
    }
    return indent.toString();
  }

  /** javac's "location: class" line, which names JShell's nameless wrapper class. */
  private static boolean isBlankLocation(String line) {
    return line.strip().equals("location: class");
  }

  /** A diagnostic on one line: its lines joined by "; ", runs of spaces collapsed. */
  private static String oneLine(String message) {
    return message
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !isBlankLocation(l))
        .map(l -> l.replaceAll("\\s+", " "))
        .collect(Collectors.joining("; "));
  }
}
