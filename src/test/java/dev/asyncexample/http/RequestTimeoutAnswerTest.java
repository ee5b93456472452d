package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.BoundApp;
import dev.asyncexample.testing.ErrorAnswers;
import dev.asyncexample.testing.RawHttp;
import dev.asyncexample.testing.TestUpstreams;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's own request timeout answers like every other error, id and headers included. */
class RequestTimeoutAnswerTest {

  @Test
  void aRequestOutlivingTheServersTimeoutGetsOurJson503() throws Exception {
    try (ControllableUpstream upstream = TestUpstreams.start()) {
      // The upstream holds its answer past the server's request timeout (and is no Pekko server
      // of this configuration, whose own timeout would race ours).
      ControllableUpstream.Gate held = upstream.hold();
      try (BoundApp app =
          BoundApp.start(
              "pekko.http.server.request-timeout = 300ms\n"
                  + "async-example.http.shutdown-deadline = 1s\n"
                  + "async-example.upstream.base-url = \""
                  + upstream.baseUrl()
                  + "\"")) {
        RawHttp.Exchange exchange =
            RawHttp.exchange(
                app.port(),
                "GET /v1/posts/1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                List.of("GET"),
                Duration.ofSeconds(10));
        held.release();

        assertThat(exchange.responses()).hasSize(1);
        RawHttp.Response response = exchange.responses().get(0);
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.text())
            .isEqualTo("{\"detail\":\"The server did not produce a response in time\"}");
        assertThat(ErrorAnswers.violations(response)).isEmpty();
      }
    }
  }
}
