package dev.asyncexample.http;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Why the edge stopped reading a client's requests: each is a request whose end two HTTP parsers
 * could place differently, which is how a body gets run as a request of its own (smuggling).
 */
enum FramingViolation {
  INVALID_CONTENT_LENGTH("Content-Length must be a single number of at most 18 digits"),
  CONFLICTING_CONTENT_LENGTH("The request has Content-Length headers that disagree"),
  CONTENT_LENGTH_WITH_TRANSFER_ENCODING(
      "The request must not have both Content-Length and Transfer-Encoding"),
  UNSUPPORTED_TRANSFER_ENCODING("Transfer-Encoding must be a single \"chunked\""),
  TRANSFER_ENCODING_IN_HTTP_1_0("HTTP/1.0 requests must not use Transfer-Encoding"),
  BARE_LINE_BREAK("Lines of the request head must end with CR LF"),
  FOLDED_HEADER("Header values must not continue on the next line"),
  HEAD_TOO_LARGE(431, "The request line and headers are too large"),
  /** Found in a chunked body, after the head was passed on. */
  INVALID_CHUNK("The chunked request body is malformed");

  private final int status;
  private final String detail;

  FramingViolation(String detail) {
    this(400, detail);
  }

  FramingViolation(int status, String detail) {
    this.status = status;
    this.detail = detail;
  }

  StatusCode status() {
    return StatusCodes.get(status);
  }

  String detail() {
    return detail;
  }

  /** Found in a request head: no byte of that request has reached Pekko's parser. */
  boolean inHead() {
    return this != INVALID_CHUNK;
  }
}
