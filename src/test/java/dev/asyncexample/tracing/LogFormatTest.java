package dev.asyncexample.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.json.Json;
import dev.asyncexample.testing.ApiTestSupport;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The application's logback.xml in both formats, over a real access line of a traced request: JSON
 * has every value as a field of its own, text is the line it always was plus the trace id.
 */
class LogFormatTest extends ApiTestSupport {

  private final TestTracing traces = new TestTracing();

  @Override
  protected Tracing tracing() {
    return traces.tracing;
  }

  @Test
  void jsonLinesCarryTheAccessValuesAndTheTraceAsFields() throws Exception {
    ILoggingEvent line = accessLineOf("/v1/posts/1", "json-1");
    SpanData server = traces.ofKind(SpanKind.SERVER).get(0);

    String encoded = encode("json", line);
    assertThat(encoded).endsWith("\n").doesNotContain("\n{");
    JsonNode json = Json.MAPPER.readTree(encoded);
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger").asText()).isEqualTo("access");
    assertThat(json.hasNonNull("timestamp")).isTrue();
    assertThat(json.get("message").asText()).startsWith("GET /v1/posts/1 200 ");
    assertThat(json.get("method").asText()).isEqualTo("GET");
    assertThat(json.get("path").asText()).isEqualTo("/v1/posts/1");
    assertThat(json.get("status").isInt()).isTrue();
    assertThat(json.get("status").asInt()).isEqualTo(200);
    assertThat(json.get("duration_ms").isNumber()).isTrue();
    assertThat(json.get("route").asText()).isEqualTo("/v1/posts/{post_id}");
    assertThat(json.get("request_id").asText()).isEqualTo("json-1");
    assertThat(json.get("trace_id").asText()).isEqualTo(server.getTraceId());
    assertThat(json.get("span_id").asText()).isEqualTo(server.getSpanId());
  }

  @Test
  void textLinesAreUnchangedUnlessTraced() throws Exception {
    ILoggingEvent traced = accessLineOf("/v1/posts/2", "text-1");
    SpanData server = traces.ofKind(SpanKind.SERVER).get(0);

    assertThat(encode("text", traced))
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  access - GET /v1/posts/2 200 \\d+\\.\\dms"
                + " route=/v1/posts/\\{post_id\\} id=text-1 trace="
                + server.getTraceId()
                + "\\R");

    LoggingEvent untraced =
        new LoggingEvent(
            getClass().getName(),
            (Logger) LoggerFactory.getLogger("some.Thing"),
            Level.WARN,
            "plain {}",
            null,
            new Object[] {"line"});
    assertThat(encode("text", untraced))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  some.Thing - plain line\\R");
  }

  private ILoggingEvent accessLineOf(String path, String requestId) {
    traces.spans.reset();
    try (LogCapture access = LogCapture.of("access")) {
      app()
          .run(HttpRequest.GET(path).addHeader(RawHeader.create("X-Request-Id", requestId)))
          .assertStatusCode(StatusCodes.OK);
      assertThat(access.lines).hasSize(1);
      return access.lines.get(0);
    }
  }

  /** {@code event} as the application's logback.xml writes it with {@code LOG_FORMAT=format}. */
  @SuppressWarnings("unchecked")
  private static String encode(String format, ILoggingEvent event) throws Exception {
    LoggerContext context = new LoggerContext();
    try {
      context.putProperty("LOG_FORMAT", format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      AsyncAppender async =
          (AsyncAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
      ConsoleAppender<ILoggingEvent> console =
          (ConsoleAppender<ILoggingEvent>) async.getAppender("CONSOLE");
      assertThat(console).as("the appender of LOG_FORMAT=" + format).isNotNull();
      // A warning (a missing include, say) would make logback print its whole status at start.
      assertThat(new StatusUtil(context).getHighestLevel(0)).isLessThan(Status.WARN);
      Encoder<ILoggingEvent> encoder = console.getEncoder();
      return new String(encoder.encode(event), StandardCharsets.UTF_8);
    } finally {
      context.stop();
    }
  }
}
