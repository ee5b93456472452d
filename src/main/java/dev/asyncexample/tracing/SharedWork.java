package dev.asyncexample.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The spans of work that several requests share, such as one upstream fetch that concurrent callers
 * join: the work's own span lives in the trace of the request that started it, and each request
 * that joins gets a short span in its own trace, from joining to the answer, with a link to the
 * work's span. A link must be given when a span starts, and the joiner's server span started long
 * before it joined, hence the extra span. Not thread-safe: one owner (an actor) drives it.
 */
public final class SharedWork {

  private static final AttributeKey<String> RESOURCE = AttributeKey.stringKey("upstream.resource");

  private final String name;
  private final Span span;
  private final RequestContext context;
  private final String resource;
  private final List<Span> joined = new ArrayList<>();

  private SharedWork(String name, Span span, RequestContext context, String resource) {
    this.name = name;
    this.span = span;
    this.context = context;
    this.resource = resource;
  }

  /**
   * Starts the work's span as a child of {@code first}, which must be traced.
   *
   * @param name the span's name, e.g. {@code upstream fetch}; joiners' spans are "join " + name
   * @param resource what the work is about (an attribute, so the name stays low in cardinality)
   */
  public static SharedWork start(RequestContext first, String name, String resource) {
    Span span =
        first
            .tracing()
            .tracer()
            .spanBuilder(name)
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(first.trace())
            .setAttribute(RESOURCE, resource)
            .startSpan();
    return new SharedWork(name, span, first.within(span), resource);
  }

  /** The context the work runs in: the first caller's, under the work's span. */
  public RequestContext context() {
    return context;
  }

  /** Records that {@code joiner} waits on this work (nothing when it is untraced). */
  public void join(RequestContext joiner) {
    if (!joiner.traced()) {
      return;
    }
    joined.add(
        joiner
            .tracing()
            .tracer()
            .spanBuilder("join " + name)
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(joiner.trace())
            .addLink(span.getSpanContext())
            .setAttribute(RESOURCE, resource)
            .startSpan());
  }

  /** Ends the work's span and every joiner's; {@code failure} (null on success) marks them all. */
  public void end(Throwable failure) {
    if (failure != null) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
    for (Span waited : joined) {
      if (failure != null) {
        waited.setStatus(StatusCode.ERROR);
      }
      waited.end();
    }
  }
}
