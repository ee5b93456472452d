package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where the edge places the end of each request: exactly where Pekko's parser does for what it lets
 * through, and nowhere for what two parsers could read differently.
 */
class RequestFramerTest {

  private static final String GET = "GET /v1/posts/1 HTTP/1.1\r\nHost: x\r\n\r\n";
  private static final String SMUGGLED =
      "GET /v1/posts/2 HTTP/1.1\r\nHost: x\r\nX-Request-Id: SMUGGLED\r\n\r\n";

  private static String put(String headers) {
    return "PUT /v1/users/1/bookmarks/20 HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
  }

  @Test
  void aWholeHeadInOneReadIsPassedOnAsItIs() {
    RequestFramer framer = new RequestFramer(32 * 1024);
    ByteString bytes = ByteString.fromString(GET);

    assertThat(framer.accept(bytes)).isSameAs(bytes);
    assertThat(framer.headsReleased()).isEqualTo(1);
    assertThat(framer.awaitingHead()).isTrue();
  }

  @Test
  void pipelinedRequestsWithBodiesAreFramedLikePekkoWhateverTheReadsLookLike() {
    String requests =
        put("Content-Length: 2\r\n")
            + "{}"
            + put("Content-Length:  00000000000000002 \r\nContent-Length: 2\r\n")
            + "{}"
            + put("Transfer-Encoding: Chunked\r\n")
            + "2;name=value\r\n{}\r\n1 \r\n}\r\n0\r\nX-Trailer: yes\r\n\r\n"
            + GET;
    for (int readSize : new int[] {1, 2, 3, 7, 64, requests.length()}) {
      RequestFramer framer = new RequestFramer(32 * 1024);
      StringBuilder released = new StringBuilder();
      for (int at = 0; at < requests.length(); at += readSize) {
        String read = requests.substring(at, Math.min(requests.length(), at + readSize));
        released.append(framer.accept(ByteString.fromString(read)).utf8String());
      }
      assertThat(framer.violation()).as("reads of %d", readSize).isNull();
      assertThat(released.toString()).as("reads of %d", readSize).isEqualTo(requests);
      assertThat(framer.headsReleased()).isEqualTo(4);
    }
  }

  @Test
  void aHeadIsHeldBackUntilItIsComplete() {
    RequestFramer framer = new RequestFramer(32 * 1024);

    assertThat(framer.accept(ByteString.fromString("GET / HTTP/1.1\r\nHo")).isEmpty()).isTrue();
    assertThat(framer.readingHead()).isTrue();
    assertThat(framer.accept(ByteString.fromString("st: x\r\n\r\n")).utf8String())
        .isEqualTo("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(framer.awaitingHead()).isTrue();
  }

  @Test
  void atTheEndOfInputAnUnfinishedHeadGoesOnForPekkoToAnswerAndNothingAfterIt() {
    RequestFramer framer = new RequestFramer(32 * 1024);
    assertThat(framer.accept(ByteString.fromString("GET / HTTP/1.1\r\nHo")).isEmpty()).isTrue();

    assertThat(framer.endOfInput().utf8String()).isEqualTo("GET / HTTP/1.1\r\nHo");
    assertThat(framer.endOfInput().isEmpty()).isTrue();
    assertThat(framer.accept(ByteString.fromString("st: x\r\n\r\n")).isEmpty()).isTrue();
  }

  @Test
  void atTheEndOfInputBetweenRequestsOrInABodyNothingIsLeftToPassOn() {
    RequestFramer between = new RequestFramer(32 * 1024);
    assertThat(between.accept(ByteString.fromString(GET)).utf8String()).isEqualTo(GET);
    assertThat(between.endOfInput().isEmpty()).isTrue();

    RequestFramer inBody = new RequestFramer(32 * 1024);
    String head = put("Content-Length: 5\r\n");
    assertThat(inBody.accept(ByteString.fromString(head + "{")).utf8String()).isEqualTo(head + "{");
    assertThat(inBody.endOfInput().isEmpty()).isTrue();
  }

  @Test
  void aBodyIsPassedOnAsItArrives() {
    RequestFramer framer = new RequestFramer(32 * 1024);

    framer.accept(ByteString.fromString(put("Content-Length: 10\r\n") + "{\"n"));
    assertThat(framer.readingBody()).isTrue();
    assertThat(framer.accept(ByteString.fromString("ote\":")).utf8String()).isEqualTo("ote\":");
    assertThat(framer.accept(ByteString.fromString("1}" + GET)).utf8String()).isEqualTo("1}" + GET);
    assertThat(framer.headsReleased()).isEqualTo(2);
  }

  static Stream<Arguments> refusedHeads() {
    return Stream.of(
        Arguments.of("Content-Length: 18446744073709551616\r\n", "INVALID_CONTENT_LENGTH"),
        Arguments.of("Content-Length: 1 2\r\n", "INVALID_CONTENT_LENGTH"),
        Arguments.of("Content-Length: 1,2\r\n", "INVALID_CONTENT_LENGTH"),
        Arguments.of("Content-Length: 2, 2\r\n", "INVALID_CONTENT_LENGTH"),
        Arguments.of("Content-Length: +2\r\n", "INVALID_CONTENT_LENGTH"),
        Arguments.of("Content-Length: -1\r\n", "INVALID_CONTENT_LENGTH"),
        Arguments.of("Content-Length: \r\n", "INVALID_CONTENT_LENGTH"),
        Arguments.of("Content-Length: 0x2\r\n", "INVALID_CONTENT_LENGTH"),
        Arguments.of("content-length: 1234567890123456789\r\n", "INVALID_CONTENT_LENGTH"),
        Arguments.of("Content-Length: 2\r\nContent-Length: 0\r\n", "CONFLICTING_CONTENT_LENGTH"),
        Arguments.of(
            "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n",
            "CONTENT_LENGTH_WITH_TRANSFER_ENCODING"),
        Arguments.of(
            "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n",
            "CONTENT_LENGTH_WITH_TRANSFER_ENCODING"),
        Arguments.of("Transfer-Encoding: gzip\r\n", "UNSUPPORTED_TRANSFER_ENCODING"),
        Arguments.of("Transfer-Encoding: gzip, chunked\r\n", "UNSUPPORTED_TRANSFER_ENCODING"),
        Arguments.of("Transfer-Encoding: chunked, chunked\r\n", "UNSUPPORTED_TRANSFER_ENCODING"),
        Arguments.of("Transfer-Encoding: identity\r\n", "UNSUPPORTED_TRANSFER_ENCODING"),
        Arguments.of("Transfer-Encoding: \r\n", "UNSUPPORTED_TRANSFER_ENCODING"),
        Arguments.of(
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
            "UNSUPPORTED_TRANSFER_ENCODING"),
        Arguments.of("X-Note: a\r\n Content-Length: 2\r\n", "FOLDED_HEADER"),
        Arguments.of("X-Note: a\nContent-Length: 5\r\n", "BARE_LINE_BREAK"),
        Arguments.of("X-Note: a\rContent-Length: 5\r\n", "BARE_LINE_BREAK"));
  }

  @ParameterizedTest
  @MethodSource("refusedHeads")
  void aHeadWhoseFramingIsAmbiguousIsReplacedAndNothingFollows(String headers, String why) {
    RequestFramer framer = new RequestFramer(32 * 1024);
    String refused = put("X-Request-Id: client-7\r\n" + headers) + "{}" + SMUGGLED;

    String released = framer.accept(ByteString.fromString(GET + refused)).utf8String();

    assertThat(framer.violation()).hasToString(why);
    assertThat(released)
        .isEqualTo(
            GET
                + "PUT /v1/users/1/bookmarks/20 HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Request-Id: client-7\r\nConnection: close\r\n\r\n");
    assertThat(framer.headsReleased()).isEqualTo(1);
    assertThat(framer.accept(ByteString.fromString(SMUGGLED)).isEmpty()).isTrue();
  }

  @Test
  void http10MustNotBeChunked() {
    RequestFramer framer = new RequestFramer(32 * 1024);

    framer.accept(
        ByteString.fromString(
            "POST /v1/exports HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));

    assertThat(framer.violation()).isEqualTo(FramingViolation.TRANSFER_ENCODING_IN_HTTP_1_0);
  }

  @Test
  void aHeadPastTheLimitIsRefusedWithoutWaitingForItsEnd() {
    RequestFramer framer = new RequestFramer(1024);

    String released =
        framer
            .accept(ByteString.fromString("GET /x HTTP/1.1\r\nX-Big: " + "a".repeat(2000)))
            .utf8String();

    assertThat(framer.violation()).isEqualTo(FramingViolation.HEAD_TOO_LARGE);
    assertThat(released).startsWith("GET /x HTTP/1.1\r\nHost: localhost\r\n");
  }

  @Test
  void aRefusedHeadWithAnOddTargetIsReplacedByAPlainRequest() {
    RequestFramer framer = new RequestFramer(32 * 1024);

    String released =
        framer
            .accept(ByteString.fromString("TRACE http://x/ HTTP/1.1\r\nContent-Length: x\r\n\r\n"))
            .utf8String();

    assertThat(released).startsWith("GET / HTTP/1.1\r\n");
  }

  static Stream<Arguments> brokenChunkedBodies() {
    return Stream.of(
        Arguments.of("1 0\r\n" + "x".repeat(16) + "\r\n0\r\n\r\n"),
        Arguments.of(" 2\r\n{}\r\n0\r\n\r\n"),
        Arguments.of("\r\n"),
        Arguments.of("g\r\n"),
        Arguments.of("000000002\r\n{}\r\n0\r\n\r\n"),
        Arguments.of("2\n{}\r\n0\r\n\r\n"),
        Arguments.of("2\r\n{}XX0\r\n\r\n"),
        Arguments.of("2\r\n{}\r\n0\r\nX-A: a\r\n b\r\n\r\n"),
        Arguments.of("2\r\n{}\r\n0\r\nX-A: a\n\r\n"));
  }

  @ParameterizedTest
  @MethodSource("brokenChunkedBodies")
  void aBrokenChunkedBodyEndsWithAByteThatPekkoRefusesAndNothingFollows(String body) {
    RequestFramer framer = new RequestFramer(32 * 1024);
    String head = put("Transfer-Encoding: chunked\r\n");

    String released = framer.accept(ByteString.fromString(head + body + SMUGGLED)).utf8String();

    assertThat(framer.violation()).isEqualTo(FramingViolation.INVALID_CHUNK);
    assertThat(released).startsWith(head).endsWith("\0").doesNotContain("SMUGGLED");
    assertThat(framer.accept(ByteString.fromString(SMUGGLED)).isEmpty()).isTrue();
  }
}
