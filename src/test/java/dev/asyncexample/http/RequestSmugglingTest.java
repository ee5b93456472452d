package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request smuggling over a real socket: a request whose framing two parsers could read differently
 * is answered 400 and its connection closed before any byte of its body runs as a request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestSmugglingTest {

  /** Run as a request of its own if the body before it were misframed. */
  private static final String SMUGGLED =
      "GET /v1/posts/2 HTTP/1.1\r\nHost: x\r\nX-Request-Id: SMUGGLED\r\nConnection: close\r\n\r\n";

  private static final Duration WAIT = Duration.ofSeconds(5);

  private ControllableUpstream upstream;
  private AsyncExampleApp.Running app;
  private int port;

  @BeforeAll
  void start() throws Exception {
    upstream = TestUpstreams.start();
    app =
        AsyncExampleApp.start(
            TestConfig.with("async-example.upstream.base-url = \"" + upstream.baseUrl() + "\""));
    port = app.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
  }

  @AfterAll
  void stop() throws Exception {
    app.system().terminate();
    app.system().getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    upstream.close();
  }

  private static String put(String headers) {
    return "PUT /v1/users/1/bookmarks/20 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + headers
        + "\r\n";
  }

  @Test
  void theIssuesReproducerGetsOne400AndTheSmuggledRequestNeverRuns() throws Exception {
    RawClient.Answer answer =
        RawClient.exchange(port, put("Content-Length: 18446744073709551616\r\n") + SMUGGLED, WAIT);

    assertThat(answer.statuses()).containsExactly(400);
    assertThat(answer.closed()).isTrue();
    assertThat(answer.body())
        .isEqualTo("{\"detail\":\"Content-Length must be a single number of at most 18 digits\"}");
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.header("X-Request-Id")).isNotBlank();
    assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(answer.header("Connection")).isEqualTo("close");
    assertThat(upstream.requestIds()).doesNotContain("SMUGGLED");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Content-Length: 1 2",
        "Content-Length: 1,2",
        "Content-Length: 2, 2",
        "Content-Length: +2",
        "Content-Length: -2",
        "Content-Length: ",
        "Content-Length: 0x2",
        "Content-Length: 0000000000000000000002",
        "Content-Length: 99999999999999999999",
        "Content-Length: 2\r\nContent-Length: 3",
        "Content-Length: 2\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: gzip",
        "Transfer-Encoding: gzip, chunked",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
        "X-Note: folded\r\n Content-Length: 2",
        "X-Note: bare\nContent-Length: 2",
      })
  void ambiguousFramingIs400AndClosesBeforeTheBodyIsRead(String framing) throws Exception {
    RawClient.Answer answer =
        RawClient.exchange(
            port, put(framing + "\r\nX-Request-Id: refused-1\r\n") + "{}" + SMUGGLED, WAIT);

    assertThat(answer.statuses()).containsExactly(400);
    assertThat(answer.closed()).isTrue();
    assertThat(answer.body()).startsWith("{\"detail\":\"");
    assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(answer.header("X-Request-Id")).isNotBlank();
  }

  @Test
  void aRefusalKeepsTheClientsRequestIdWhenItCameFirst() throws Exception {
    RawClient.Answer answer =
        RawClient.exchange(
            port, put("X-Request-Id: mine-42\r\nContent-Length: 1 2\r\n") + "{}", WAIT);

    assertThat(answer.header("X-Request-Id")).isEqualTo("mine-42");
  }

  @Test
  void aRefusedRequestAfterAGoodOneOnTheSameConnectionLetsTheGoodOneBeAnswered() throws Exception {
    RawClient.Answer answer =
        RawClient.exchange(
            port,
            "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                + put("Content-Length: 2\r\nContent-Length: 0\r\n")
                + "{}"
                + SMUGGLED,
            WAIT);

    assertThat(answer.statuses()).containsExactly(200, 400);
    assertThat(answer.closed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1 0\r\n{\"note\": \"abcd\"}\r\n0\r\n\r\n",
        "2\n{}\r\n0\r\n\r\n",
        "2\r\n{}XX0\r\n\r\n",
        "2\r\n{}\r\n0\r\nX-Trailer: a\r\n folded\r\n\r\n",
      })
  void aMalformedChunkedBodyIs400AndNothingAfterItRuns(String body) throws Exception {
    RawClient.Answer answer =
        RawClient.exchange(port, put("Transfer-Encoding: chunked\r\n") + body + SMUGGLED, WAIT);

    assertThat(answer.statuses()).containsExactly(400);
    assertThat(answer.closed()).isTrue();
    assertThat(answer.body()).startsWith("{\"detail\":\"");
  }

  @Test
  void wellFramedPipelinedRequestsAreAllAnswered() throws Exception {
    RawClient.Answer answer =
        RawClient.exchange(
            port,
            put("Content-Length: 2\r\n")
                + "{}"
                + put("Transfer-Encoding: chunked\r\n")
                + "2;ext=1\r\n{}\r\n0\r\nX-Trailer: yes\r\n\r\n"
                + "GET /v1/posts/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            WAIT);

    assertThat(answer.statuses()).hasSize(3).endsWith(200);
    assertThat(answer.statuses().get(0)).isIn(200, 201);
    assertThat(answer.statuses().get(1)).isEqualTo(200);
    assertThat(answer.closed()).isTrue();
  }
}
