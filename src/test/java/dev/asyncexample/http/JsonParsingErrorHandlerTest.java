package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.settings.ParserSettings;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pekko's parser summaries only choose among our texts; none of theirs reaches the client. */
class JsonParsingErrorHandlerTest {

  private static final ParserSettings LIMITS =
      ServerSettings.apply(dev.asyncexample.testing.TestConfig.base()).parserSettings();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | Illegal character 'zQ9' in header name | A request header is malformed",
        "400 | Illegal character 'zQ9' in header value | A request header is malformed",
        "400 | Illegal request-target: Invalid input 'zQ9', expected HEXDIG"
            + " | The request target is not a valid path and query",
        "400 | 'Host' header value of request to `http://zQ9/` doesn't match request target"
            + " authority | The request needs exactly one Host header, matching its target",
        "400 | HTTP method too long (started with 'zQ9') | The request method is not supported",
        "400 | `Content-Length` header value must not exceed 63-bit integer range"
            + " | The Content-Length header is invalid",
        "400 | Unsupported Transfer-Encoding 'zQ9' | Only one Transfer-Encoding is supported: chunked",
        "400 | HTTP chunk size exceeds Integer.MAX_VALUE (zQ9) | The chunked request body is malformed",
        "400 | CONNECT requests are not supported | CONNECT is not supported",
        "400 | Something new in zQ9 | The request is malformed",
        "413 | Request Content-Length of zQ9 bytes exceeds the configured limit | "
            + "Request body is too large",
        "501 | Unsupported HTTP method: zQ9 | The request method is not supported",
        "505 | The server-side protocol or HTTP version is not supported: zQ9"
            + " | Only HTTP/1.0 and HTTP/1.1 are supported",
        "418 | zQ9 | The request could not be handled",
      })
  void summariesPickOurWordsAndNeverEchoTheRequest(int status, String summary, String ours) {
    String detail = JsonParsingErrorHandler.detail(status, new ErrorInfo(summary, "zQ9"), LIMITS);

    assertThat(detail).isEqualTo(ours).doesNotContain("zQ9");
  }

  @Test
  void aTlsHandshakeIsToldThisPortIsPlainHttp() {
    ErrorInfo tls =
        new ErrorInfo(
            "Unsupported HTTP method",
            "The HTTP method started with 0x16 rather than any known HTTP method. Perhaps this was"
                + " an HTTPS request sent to an HTTP endpoint?");

    assertThat(JsonParsingErrorHandler.detail(400, tls, LIMITS))
        .isEqualTo("This port speaks plain HTTP, not HTTPS");
  }
}
