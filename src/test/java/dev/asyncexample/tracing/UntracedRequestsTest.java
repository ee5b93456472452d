package dev.asyncexample.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.asyncexample.testing.ApiTestSupport;
import java.util.Map;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

/** With tracing off (the default) nothing is traced, propagated or put in the logs' MDC. */
class UntracedRequestsTest extends ApiTestSupport {

  private static final TracingSettings AUTO = new TracingSettings("auto", "text");

  @Test
  void noTraceGoesUpstreamNotEvenTheCallers() {
    try (LogCapture access = LogCapture.of("access")) {
      app()
          .run(
              HttpRequest.GET("/v1/posts/1")
                  .addHeader(
                      RawHeader.create(
                          "traceparent",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
          .assertStatusCode(StatusCodes.OK);

      assertThat(upstream.traceparents()).containsExactly("-");
      ILoggingEvent line = access.lines.get(0);
      assertThat(line.getMDCPropertyMap())
          .doesNotContainKeys(LogContext.TRACE_ID, LogContext.SPAN_ID);
    }
  }

  @Test
  void theSdkIsBuiltOnlyWhenAnExporterIsAskedFor() {
    var typed = Adapter.toTyped(system());
    assertThat(TracingSdk.start(typed, AUTO, Map.of(), Map.of())).isSameAs(Tracing.OFF);
    Map<String, String> exporter = Map.of("OTEL_TRACES_EXPORTER", "none");
    assertThat(TracingSdk.start(typed, new TracingSettings("off", "text"), exporter, Map.of()))
        .isSameAs(Tracing.OFF);
    assertThat(TracingSdk.start(typed, AUTO, exporter, Map.of()).enabled()).isTrue();
  }
}
