package dev.asyncexample.testing;

import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the log lines of a failing test (or of a failing class set-up or tear-down), which {@link
 * CapturedLog} kept out of the build output while it passed. Every test class gets it: it is
 * registered in META-INF/services and switched on in junit-platform.properties.
 */
public final class PrintLogOnFailure
    implements BeforeAllCallback,
        BeforeEachCallback,
        TestWatcher,
        LifecycleMethodExecutionExceptionHandler {

  /** More than this is rarely read; the newest lines are kept. */
  private static final int MAX_LINES = 300;

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PrintLogOnFailure.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("mark", CapturedLog.mark());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put("mark", CapturedLog.mark());
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    print(context);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable e)
      throws Throwable {
    print(context);
    throw e;
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable e)
      throws Throwable {
    print(context);
    throw e;
  }

  /** The lines since the test (or its class) started, on stdout, which Surefire shows. */
  private static void print(ExtensionContext context) {
    Long mark = context.getStore(NAMESPACE).get("mark", Long.class);
    List<CapturedLog.Line> lines = CapturedLog.since(mark == null ? 0 : mark);
    PrintStream out = System.out;
    String name = context.getRequiredTestClass().getSimpleName() + " " + context.getDisplayName();
    if (lines.isEmpty()) {
      out.printf("----- %s failed; it logged nothing at WARN or above -----%n", name);
      return;
    }
    out.printf("----- %s failed; its log (WARN and above) -----%n", name);
    int skipped = Math.max(0, lines.size() - MAX_LINES);
    if (skipped > 0) {
      out.printf("(%d earlier lines left out)%n", skipped);
    }
    lines.subList(skipped, lines.size()).forEach(line -> out.print(line.text()));
    out.printf("----- end of the log of %s -----%n", name);
  }
}
