package dev.asyncexample.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;

/**
 * A request's trace as plain headers ({@code traceparent}, {@code tracestate}), for a message that
 * crosses to another node, and back into a context there.
 */
public final class TraceHeaders {

  private TraceHeaders() {}

  /** The headers that carry {@code context}'s trace; empty when it is untraced. */
  public static Map<String, String> of(RequestContext context) {
    if (!context.traced()) {
      return Map.of();
    }
    Map<String, String> headers = new HashMap<>();
    context.tracing().propagator().inject(context.trace(), headers, MapCarrier.INSTANCE);
    return Map.copyOf(headers);
  }

  /**
   * The context of request {@code requestId}, continuing the trace {@code headers} carry, on this
   * node's {@code tracing}; untraced when it is off.
   */
  public static RequestContext continued(
      Tracing tracing, String requestId, Map<String, String> headers) {
    if (!tracing.enabled()) {
      return RequestContext.untraced(requestId);
    }
    Context parent = tracing.propagator().extract(Context.root(), headers, MapCarrier.INSTANCE);
    return new RequestContext(requestId, tracing, parent);
  }

  private enum MapCarrier
      implements TextMapGetter<Map<String, String>>, TextMapSetter<Map<String, String>> {
    INSTANCE;

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }

    @Override
    public void set(Map<String, String> carrier, String key, String value) {
      if (carrier != null) {
        carrier.put(key, value);
      }
    }
  }
}
