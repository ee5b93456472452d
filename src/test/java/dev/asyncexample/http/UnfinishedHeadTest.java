package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.testing.BoundApp;
import dev.asyncexample.testing.ErrorAnswers;
import dev.asyncexample.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client that ends its input in the middle of a request head is answered, as Pekko's parser
 * answers it, though the edge holds every head back until it is complete: held there, the bytes
 * never reached the parser and the connection closed without a word.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnfinishedHeadTest {

  private BoundApp app;

  @BeforeAll
  void start() throws Exception {
    app = BoundApp.start("");
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
  }

  static Stream<Arguments> unfinishedHeads() {
    return Stream.of(
        Arguments.of("GE", "The request is malformed"),
        Arguments.of("GET /v1/posts/1 HTTP/1.1\r\nHost: x\r\n", "The request is malformed"),
        Arguments.of("GET /v1/posts/1 HTTP/1.1\r\nHost: x\r\n\r", "The request is malformed"),
        Arguments.of(
            "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003" + "a".repeat(40),
            "This port speaks plain HTTP, not HTTPS"));
  }

  @ParameterizedTest
  @MethodSource("unfinishedHeads")
  void anUnfinishedHeadAtTheEndOfInputIsAnsweredWith400(String sent, String detail)
      throws Exception {
    RawHttp.Exchange exchange =
        RawHttp.exchange(
            app.port(),
            sent.getBytes(StandardCharsets.ISO_8859_1),
            List.of("GET"),
            Duration.ofSeconds(10));

    assertThat(exchange.trouble()).isEmpty();
    assertThat(exchange.responses()).as("%s", exchange).hasSize(1);
    RawHttp.Response response = exchange.responses().get(0);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.text()).isEqualTo("{\"detail\":\"" + detail + "\"}");
    assertThat(ErrorAnswers.violations(response)).isEmpty();
    assertThat(exchange.closed()).isTrue();
  }
}
