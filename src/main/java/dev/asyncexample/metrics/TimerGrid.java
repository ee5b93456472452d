package dev.asyncexample.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Timers by (template, method, status), each built once and then found with no allocation: a map
 * lookup by the template (whose hash a String keeps) and two array reads. A tag lookup in the
 * registry would build a tag list and an id on every request.
 */
final class TimerGrid {

  /** Builds the timer of one cell; called once per cell (or a few times in a race, harmlessly). */
  @FunctionalInterface
  interface Factory {
    Timer build(String template, String method, int status);
  }

  /** The methods with a cell of their own; any other shares the last, named {@code UNKNOWN}. */
  static final String[] METHODS = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "UNKNOWN"
  };

  private static final int FIRST_STATUS = 100;
  private static final int STATUSES = 500;

  private final Factory factory;
  private final ConcurrentHashMap<String, AtomicReferenceArray<AtomicReferenceArray<Timer>>>
      byTemplate = new ConcurrentHashMap<>();

  TimerGrid(Factory factory) {
    this.factory = factory;
  }

  /** The timer of {@code template}, the method at {@code method} in {@link #METHODS}, status. */
  Timer get(String template, int method, int status) {
    var byMethod = byTemplate.get(template);
    if (byMethod == null) {
      byMethod =
          byTemplate.computeIfAbsent(template, t -> new AtomicReferenceArray<>(METHODS.length));
    }
    var byStatus = byMethod.get(method);
    if (byStatus == null) {
      byMethod.compareAndSet(method, null, new AtomicReferenceArray<>(STATUSES));
      byStatus = byMethod.get(method);
    }
    int cell = status - FIRST_STATUS;
    if (cell < 0 || cell >= STATUSES) {
      // A status outside 100-599 is rare enough to be looked up in the registry each time.
      return factory.build(template, METHODS[method], status);
    }
    Timer timer = byStatus.get(cell);
    if (timer == null) {
      // The registry returns the same timer for the same tags, so a lost race costs nothing.
      timer = factory.build(template, METHODS[method], status);
      byStatus.set(cell, timer);
    }
    return timer;
  }

  /** The index in {@link #METHODS} of {@code method}. */
  static int methodIndex(String method) {
    return switch (method) {
      case "GET" -> 0;
      case "HEAD" -> 1;
      case "POST" -> 2;
      case "PUT" -> 3;
      case "DELETE" -> 4;
      case "PATCH" -> 5;
      case "OPTIONS" -> 6;
      case "TRACE" -> 7;
      case "CONNECT" -> 8;
      default -> 9;
    };
  }
}
