package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.testing.BoundApp;
import dev.asyncexample.testing.ErrorAnswers;
import dev.asyncexample.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's own request timeout answers like every other error, id and headers included. */
class RequestTimeoutAnswerTest {

  @Test
  void aRequestOutlivingTheServersTimeoutGetsOurJson503() throws Exception {
    // The upstream answers after the server's request timeout, and long before our upstream one.
    try (BoundApp app =
        BoundApp.start(
            """
            pekko.http.server.request-timeout = 300ms
            async-example.embedded-upstream.latency = 1s
            async-example.http.shutdown-deadline = 1s
            """)) {
      RawHttp.Exchange exchange =
          RawHttp.exchange(
              app.port(),
              "GET /v1/posts/1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
              List.of("GET"),
              Duration.ofSeconds(10));

      assertThat(exchange.responses()).hasSize(1);
      RawHttp.Response response = exchange.responses().get(0);
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.text())
          .isEqualTo("{\"detail\":\"The server did not produce a response in time\"}");
      assertThat(ErrorAnswers.violations(response)).isEmpty();
    }
  }
}
