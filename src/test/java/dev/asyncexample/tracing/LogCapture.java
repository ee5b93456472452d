package dev.asyncexample.tracing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * The lines one logger writes while it is attached. Each event's MDC is taken when it is logged, as
 * the application's async appender does: the MDC is only set while the line is written.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  final List<ILoggingEvent> lines = new CopyOnWriteArrayList<>();
  private final Logger logger;

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  static LogCapture of(String loggerName) {
    LogCapture capture = new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
    capture.setContext(capture.logger.getLoggerContext());
    capture.start();
    capture.logger.addAppender(capture);
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    lines.add(event);
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
