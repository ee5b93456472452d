package dev.asyncexample.tracing;

import static dev.asyncexample.tracing.SemanticAttributes.DB_OPERATION_NAME;
import static dev.asyncexample.tracing.SemanticAttributes.DB_SYSTEM_NAME;
import static dev.asyncexample.tracing.SemanticAttributes.ERROR_TYPE;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** A client span around one call to a database or cache server (Redis, PostgreSQL). */
public final class DatabaseSpan {

  private DatabaseSpan() {}

  /**
   * {@code call}, as a child span of {@code parent} named by {@code operation} when traced, or as
   * is. {@code call} must give a plain future, never a stage Pekko produced (see StageBridge).
   *
   * @param system the server's kind in the conventions' words: {@code redis}, {@code postgresql}
   */
  public static <T> CompletionStage<T> around(
      RequestContext parent, String system, String operation, Supplier<CompletionStage<T>> call) {
    if (!parent.traced()) {
      return call.get();
    }
    Span span =
        parent
            .tracing()
            .tracer()
            .spanBuilder(operation)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent.trace())
            .setAttribute(DB_SYSTEM_NAME, system)
            .setAttribute(DB_OPERATION_NAME, operation)
            .startSpan();
    return call.get()
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                span.setAttribute(ERROR_TYPE, failure.getClass().getName());
                span.setStatus(StatusCode.ERROR);
              }
              span.end();
            });
  }
}
