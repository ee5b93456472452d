package dev.asyncexample.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trace crosses to another node as headers and continues there. */
class TraceHeadersTest {

  private final TestTracing traces = new TestTracing();

  @Test
  void aContinuedContextHasTheSendersSpanAsRemoteParent() {
    Span span = traces.tracing.tracer().spanBuilder("sender").startSpan();
    RequestContext sender = new RequestContext("r", traces.tracing, Context.root().with(span));

    RequestContext receiver = TraceHeaders.continued(traces.tracing, "r", TraceHeaders.of(sender));

    SpanContext parent = receiver.spanContext();
    assertThat(parent.getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(parent.getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(parent.isRemote()).isTrue();
    span.end();
  }

  @Test
  void untracedSendsNothingAndContinuesUntraced() {
    assertThat(TraceHeaders.of(RequestContext.untraced("r"))).isEmpty();
    assertThat(TraceHeaders.continued(Tracing.OFF, "r", Map.of()).traced()).isFalse();
  }
}
