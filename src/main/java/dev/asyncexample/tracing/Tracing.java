package dev.asyncexample.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The application's tracer, or {@link #OFF}. Every hook asks {@link #enabled()} first, so an
 * untraced request creates no span object and parses no trace header.
 */
public final class Tracing {

  /** No tracing: the hooks do nothing. */
  public static final Tracing OFF = new Tracing(OpenTelemetry.noop(), false);

  /** The instrumentation scope our spans are reported under. */
  static final String SCOPE = "dev.asyncexample";

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean enabled;

  private Tracing(OpenTelemetry openTelemetry, boolean enabled) {
    this.openTelemetry = openTelemetry;
    this.tracer = openTelemetry.getTracer(SCOPE);
    // What OTEL_PROPAGATORS chose (W3C trace context and baggage unless told otherwise).
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.enabled = enabled;
  }

  /** Tracing through {@code openTelemetry} (the SDK autoconfigure built, or a test's own). */
  public static Tracing of(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry, true);
  }

  public boolean enabled() {
    return enabled;
  }

  OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  Tracer tracer() {
    return tracer;
  }

  TextMapPropagator propagator() {
    return propagator;
  }
}
