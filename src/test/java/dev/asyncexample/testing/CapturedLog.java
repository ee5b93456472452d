package dev.asyncexample.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where the tests' log lines go instead of the console (src/test/resources/logback-test.xml): the
 * fault tests log outages on purpose, and a build log full of expected errors hides the real ones.
 * {@link PrintLogOnFailure} prints a failing test's lines; a test asserts what it expects through
 * {@link #mark()} and {@link #since(long)}. With {@code -DTEST_LOG=console} (or that variable) each
 * line is printed as well, as it is logged.
 *
 * <p>The lines live in one static buffer, not in the appender: logback builds a new appender
 * whenever it is configured again (S3Mock's Spring Boot does that in the test JVM).
 */
public final class CapturedLog extends AppenderBase<ILoggingEvent> {

  /** One log event, formatted when it was logged. */
  public record Line(long seq, Level level, String logger, String message, String text) {

    /** True for a line at {@code level} whose message contains {@code fragment}. */
    public boolean is(Level level, String fragment) {
      return this.level.equals(level) && message.contains(fragment);
    }

    @Override
    public String toString() {
      return level + " " + logger + " - " + message;
    }
  }

  /** Enough for the longest test's lines; older ones are dropped first. */
  private static final int CAPACITY = 20_000;

  private static final ArrayDeque<Line> LINES = new ArrayDeque<>();
  private static long next;

  private PatternLayout layout;
  private boolean echo;

  @Override
  public void start() {
    layout = new PatternLayout();
    layout.setContext(getContext());
    layout.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n%ex");
    layout.start();
    String wanted = System.getProperty("TEST_LOG", System.getenv("TEST_LOG"));
    echo = "console".equalsIgnoreCase(wanted);
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    String text = layout.doLayout(event);
    if (echo) {
      System.out.print(text);
    }
    synchronized (LINES) {
      if (LINES.size() == CAPACITY) {
        LINES.removeFirst();
      }
      LINES.addLast(
          new Line(
              next++, event.getLevel(), event.getLoggerName(), event.getFormattedMessage(), text));
    }
  }

  /** A point in the log: {@link #since(long)} gives what was logged after it. */
  public static long mark() {
    synchronized (LINES) {
      return next;
    }
  }

  /** The lines logged since {@code mark}, oldest first (those still in the buffer). */
  public static List<Line> since(long mark) {
    synchronized (LINES) {
      List<Line> lines = new ArrayList<>();
      for (Line line : LINES) {
        if (line.seq() >= mark) {
          lines.add(line);
        }
      }
      return lines;
    }
  }

  /** The lines since {@code mark} that {@code filter} accepts. */
  public static List<Line> since(long mark, Predicate<Line> filter) {
    return since(mark).stream().filter(filter).toList();
  }
}
