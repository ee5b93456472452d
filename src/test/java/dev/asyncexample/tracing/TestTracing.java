package dev.asyncexample.tracing;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/** Tracing into memory: every ended span is kept, in the order it ended, for a test to read. */
public final class TestTracing {

  public final InMemorySpanExporter spans = InMemorySpanExporter.create();
  public final Tracing tracing;

  public TestTracing() {
    SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    tracing =
        Tracing.of(
            OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build());
  }

  public List<SpanData> ofKind(SpanKind kind) {
    return spans.getFinishedSpanItems().stream().filter(span -> span.getKind() == kind).toList();
  }

  public List<SpanData> named(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals(name))
        .toList();
  }
}
