package dev.asyncexample.tracing;

import io.opentelemetry.api.trace.SpanContext;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Puts a request's ids in the logging MDC ({@code request_id}, {@code trace_id}, {@code span_id})
 * while a line is written for it, and takes them out after: work for a request hops threads, so the
 * MDC is set around each synchronous piece that logs, never left on a thread.
 */
public final class LogContext {

  public static final String REQUEST_ID = "request_id";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";

  private LogContext() {}

  /** Runs {@code logging} with the request's id and, when traced, its trace and span ids. */
  public static void run(RequestContext context, Runnable logging) {
    var unused =
        get(
            context,
            () -> {
              logging.run();
              return null;
            });
  }

  /** {@link #run}, for a piece of work that logs and answers something. */
  public static <T> T get(RequestContext context, Supplier<T> logging) {
    MDC.put(REQUEST_ID, context.requestId());
    try {
      return withTrace(context, logging);
    } finally {
      MDC.remove(REQUEST_ID);
    }
  }

  /**
   * Runs {@code logging} with the trace and span ids when traced, as is otherwise (an untraced line
   * costs nothing more): for a line that carries the request id itself, as the access line does.
   */
  public static void runTraced(RequestContext context, Runnable logging) {
    if (!context.traced()) {
      logging.run();
      return;
    }
    var unused =
        withTrace(
            context,
            () -> {
              logging.run();
              return null;
            });
  }

  private static <T> T withTrace(RequestContext context, Supplier<T> logging) {
    if (!context.traced()) {
      return logging.get();
    }
    SpanContext span = context.spanContext();
    MDC.put(TRACE_ID, span.getTraceId());
    MDC.put(SPAN_ID, span.getSpanId());
    try {
      return logging.get();
    } finally {
      MDC.remove(TRACE_ID);
      MDC.remove(SPAN_ID);
    }
  }
}
