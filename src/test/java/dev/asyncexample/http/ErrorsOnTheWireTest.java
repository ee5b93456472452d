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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every status the server answers by itself (Pekko's parser and rejections) in our shape and our
 * words, sent as raw bytes to the whole application, as an attacker would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsOnTheWireTest {

  private static final String PUT_NOTE = "PUT /v1/users/1/bookmarks/1 HTTP/1.1\r\nHost: x\r\n";

  private BoundApp app;

  @BeforeAll
  void start() throws Exception {
    app = BoundApp.start("");
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        error("FOO / HTTP/1.1\r\nHost: x\r\n\r\n", 501, "The request method is not supported"),
        error("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, "Only HTTP/1.0 and HTTP/1.1 are supported"),
        error("GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505, "Only HTTP/1.0 and HTTP/1.1 are supported"),
        error(
            "GET / HTTP/1.1\r\n\r\n",
            400,
            "The request needs exactly one Host header, matching its target"),
        error(
            "GET http://elsewhere/ HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
            "The request needs exactly one Host header, matching its target"),
        error(
            "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            400, "The request target is not a valid path and query"),
        error(
            "GET /\u00ff HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
            "The request target is not a valid path and query"),
        error(
            "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            400,
            "Transfer-Encoding must be a single \\\"chunked\\\""),
        error(
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            400,
            "Content-Length must be a single number of at most 18 digits"),
        error(
            PUT_NOTE + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
            400,
            "The request must not have both Content-Length and Transfer-Encoding"),
        error(
            "GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n",
            400,
            "A request header is malformed"),
        error(
            "GET / HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(70) + "\r\n",
            400,
            "Too many request headers (at most 64)"),
        error(
            "GET / HTTP/1.1\r\nHost: x\r\nX-A: " + "b".repeat(9000) + "\r\n\r\n",
            431,
            "A request header value is too long (at most 8192 characters)"),
        error(
            "GET / HTTP/1.1\r\nHost: x\r\n" + "X".repeat(9000) + ": b\r\n\r\n",
            431,
            "A request header name is too long (at most 64 characters)"),
        error(
            "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            414,
            "The request URI is too long (at most 8192 characters)"),
        error(
            "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003" + "a".repeat(40),
            400,
            "This port speaks plain HTTP, not HTTPS"),
        error("GET /v2/posts HTTP/1.1\r\nHost: x\r\n\r\n", 404, "Not Found"),
        error("DELETE /v1/posts HTTP/1.1\r\nHost: x\r\n\r\n", 405, "Method Not Allowed"),
        error(
            "GET /v1/posts/1 HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n",
            406,
            "This resource is available only as application/json"),
        error(
            "GET /docs/ HTTP/1.1\r\nHost: x\r\nIf-Match: \"other\"\r\n\r\n",
            412,
            "A precondition of the request does not hold"),
        error(
            // The whole body is sent: a head alone then a half-close is a truncated request, which
            // the edge may close without an answer once the client's FIN arrives.
            PUT_NOTE
                + "Content-Type: application/json\r\nContent-Length: 20000\r\n\r\n"
                + "{\"note\":\""
                + "x".repeat(20000 - 12)
                + "\"}",
            413,
            "Request body is too large"),
        error(
            PUT_NOTE + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}",
            415,
            "The request body must be JSON (Content-Type: application/json)"),
        error(
            "GET /docs/ HTTP/1.1\r\nHost: x\r\nRange: bytes=999999-\r\n\r\n",
            416,
            "The requested range is not satisfiable"),
        error("GET /v1/exports HTTP/1.1\r\nHost: x\r\n\r\n", 503, "S3 exports are not configured"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("errors")
  void theServersOwnErrorsAreInOurShapeAndWords(String request, int status, String detail)
      throws Exception {
    RawHttp.Response response = only(request);

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.text()).isEqualTo("{\"detail\":\"" + detail + "\"}");
    assertThat(ErrorAnswers.violations(response)).isEmpty();
  }

  @Test
  void rejectionsKeepPekkosHeaders() throws Exception {
    assertThat(only("DELETE /v1/posts HTTP/1.1\r\nHost: x\r\n\r\n").header("Allow"))
        .hasValue("GET");
    assertThat(
            only("GET /docs/ HTTP/1.1\r\nHost: x\r\nRange: bytes=999999-\r\n\r\n")
                .header("Content-Range"))
        .hasValueSatisfying(range -> assertThat(range).startsWith("bytes */"));
  }

  @Test
  void aNoteWithoutContentTypeIsTakenAsJson() throws Exception {
    String body = "{\"note\":\"undeclared\"}";
    RawHttp.Response response =
        only(PUT_NOTE + "Content-Length: " + body.length() + "\r\n\r\n" + body);

    assertThat(response.status()).isIn(200, 201);
    assertThat(response.text()).contains("\"note\":\"undeclared\"");
  }

  /** The leaks of NoteBody's first version, through the whole server this time. */
  @ParameterizedTest
  @MethodSource("brokenNotes")
  void brokenJsonIsA422InOurWords(String body, String described) throws Exception {
    RawHttp.Response response =
        only(
            PUT_NOTE
                + "Content-Type: application/json\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.text()).contains("\"error\":\"" + described + "\"");
    assertThat(ErrorAnswers.violations(response)).isEmpty();
  }

  static Stream<Arguments> brokenNotes() {
    return Stream.of(
        Arguments.of("NaN", "Invalid JSON"),
        Arguments.of("{\"note\": Infinity}", "Invalid JSON"),
        Arguments.of("[".repeat(1001), "Too deeply nested, or a value too long"));
  }

  private RawHttp.Response only(String request) throws Exception {
    RawHttp.Exchange exchange =
        RawHttp.exchange(
            app.port(),
            request.getBytes(StandardCharsets.ISO_8859_1),
            List.of(request.substring(0, Math.max(0, request.indexOf(' ')))),
            Duration.ofSeconds(10));
    assertThat(exchange.trouble()).isEmpty();
    assertThat(exchange.responses()).as("%s", exchange).hasSize(1);
    return exchange.responses().get(0);
  }

  private static Arguments error(String request, int status, String detail) {
    return Arguments.of(request, status, detail);
  }
}
