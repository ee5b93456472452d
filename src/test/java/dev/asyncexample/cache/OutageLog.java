package dev.asyncexample.cache;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What the cache logs about its connection, captured while a test runs (INFO and up). */
final class OutageLog implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger(ConnectionState.class);
  private final Level levelBefore = logger.getLevel();
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  OutageLog() {
    events.start();
    logger.addAppender(events);
    logger.setLevel(Level.INFO);
  }

  /** The messages at {@code level} about the Redis at {@code port} (other tests' are left out). */
  List<String> at(Level level, int port) {
    return events.list.stream()
        .filter(event -> event.getLevel().equals(level))
        .map(ILoggingEvent::getFormattedMessage)
        .filter(message -> message.contains("127.0.0.1:" + port + " "))
        .toList();
  }

  @Override
  public void close() {
    logger.detachAppender(events);
    logger.setLevel(levelBefore);
  }
}
