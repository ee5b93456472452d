package dev.asyncexample.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

/**
 * What the work done for one request needs to know of it, passed down explicitly from the routes to
 * the upstream call: its id, and its place in a trace. Not a ThreadLocal, since actors and futures
 * carry the work across threads.
 *
 * @param requestId the id in the access log and the upstream's {@code X-Request-Id}
 * @param tracing where child spans are made ({@link Tracing#OFF} when untraced)
 * @param trace the current span (the request's server span, or a child), root when untraced
 */
public record RequestContext(String requestId, Tracing tracing, Context trace) {

  /** A request that is not traced (tests, background work). */
  public static RequestContext untraced(String requestId) {
    return new RequestContext(requestId, Tracing.OFF, Context.root());
  }

  public boolean traced() {
    return tracing.enabled();
  }

  /** The current span's ids; invalid when untraced. */
  public SpanContext spanContext() {
    return Span.fromContext(trace).getSpanContext();
  }

  /** This request, with {@code span} as the parent of what follows. */
  RequestContext within(Span span) {
    return new RequestContext(requestId, tracing, trace.with(span));
  }
}
