package org.itbs.kernel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

/**
 * The Jupyter side of the kernel: answers {@code execute_request} with {@link JShellEvaluator},
 * publishing the cell's output streams, displays, result and error on IOPub; answers completion,
 * is-complete and interrupt requests. Everything else (kernel info, shutdown, comms, heartbeat) is
 * jjava's {@link BaseKernel}.
 */
final class ItbsKernel extends BaseKernel {
  static final String NAME = "itbs-java";

  private final JShellEvaluator evaluator;

  ItbsKernel(JShellEvaluator evaluator) {
    super(
        NAME,
        version(),
        new LanguageInfo.Builder("java")
            .version(System.getProperty("java.specification.version"))
            .mimetype("text/x-java-source")
            .fileExtension(".jshell")
            .pygments("java")
            .codemirror("text/x-java")
            .build(),
        List.of(),
        null, // no history
        new JupyterIO(StandardCharsets.UTF_8),
        new CommManager(),
        new Renderer(),
        null, // no magics
        new MagicsRegistry(),
        false, // no extensions
        new StringStyler.Builder().build());
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
  }

  private static String version() {
    String version = ItbsKernel.class.getPackage().getImplementationVersion();
    return version != null ? version : "development";
  }

  @Override
  protected synchronized void handleExecuteRequest(
      ShellReplyEnvironment env, Message<ExecuteRequest> message) {
    commManager.setMessageContext(message);
    ExecuteRequest request = message.getContent();
    boolean silent = request.isSilent();
    int count = silent ? executionCount.get() : executionCount.getAndIncrement();
    env.setBusyDeferIdle();
    if (!silent) {
      env.publish(new PublishExecuteInput(request.getCode(), count));
    }
    CellResult result;
    try {
      result = evaluator.eval(request.getCode(), new PublishingOutput(env));
    } catch (RuntimeException e) { // a kernel fault: still answer, or the notebook waits forever
      result =
          CellResult.failed(
              new CellError(
                  e.getClass().getName(), Objects.toString(e.getMessage(), ""), formatError(e)));
    }
    if (result.error().isPresent()) {
      CellError error = result.error().get();
      env.publish(new PublishError(error.name(), error.message(), error.traceback()));
      ErrorReply reply = new ErrorReply(error.name(), error.message(), error.traceback());
      reply.setExecutionCount(count);
      env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
      return;
    }
    if (!silent) {
      result
          .value()
          .ifPresent(value -> env.publish(new PublishExecuteResult(count, displayData(value))));
    }
    env.defer().reply(new ExecuteReply(count, Map.of()));
  }

  /**
   * Not supported: cells run through {@link #handleExecuteRequest}, which streams their output.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Object evalRaw(String source) {
    throw new UnsupportedOperationException(
        "The ITBS kernel evaluates code only as notebook cells");
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return null; // no documentation lookup
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    JShellEvaluator.Completions completions = evaluator.complete(code, at);
    return new ReplacementOptions(completions.candidates(), completions.start(), completions.end());
  }

  @Override
  public String isComplete(String code) {
    return switch (evaluator.isComplete(code)) {
      case COMPLETE -> IS_COMPLETE_YES;
      case INVALID -> IS_COMPLETE_BAD;
      case INCOMPLETE -> "";
    };
  }

  @Override
  public void interrupt() {
    evaluator.stop();
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    super.onShutdown(isRestarting);
    evaluator.close();
  }

  static DisplayData displayData(MimeBundle bundle) {
    DisplayData data = new DisplayData();
    bundle.data().forEach(data::putData);
    return data;
  }

  /** Publishes a running cell's output on IOPub, as the request's children. */
  private static final class PublishingOutput implements CellOutput {
    private final ShellReplyEnvironment env;

    PublishingOutput(ShellReplyEnvironment env) {
      this.env = env;
    }

    @Override
    public void stdout(String text) {
      env.publish(new PublishStream(PublishStream.StreamType.OUT, text));
    }

    @Override
    public void stderr(String text) {
      env.publish(new PublishStream(PublishStream.StreamType.ERR, text));
    }

    @Override
    public void display(MimeBundle bundle) {
      env.publish(new PublishDisplayData(displayData(bundle)));
    }
  }
}
