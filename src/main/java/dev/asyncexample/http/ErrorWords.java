package dev.asyncexample.http;

import java.util.Map;

/**
 * Our words for each error status, for answers whose cause has no words of its own (Pekko's
 * rejections and parser errors): its own texts quote exceptions, settings and client input.
 */
final class ErrorWords {

  private static final Map<Integer, String> BY_STATUS =
      Map.ofEntries(
          Map.entry(400, "The request is malformed"),
          Map.entry(401, "Authentication is required"),
          Map.entry(403, "Forbidden"),
          // FastAPI's texts, as the Python original answers them.
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "No representation of this resource matches the Accept headers"),
          Map.entry(408, "The request was not received in time"),
          Map.entry(411, "The request needs a Content-Length"),
          Map.entry(412, "A precondition of the request does not hold"),
          Map.entry(413, "Request body is too large"),
          Map.entry(414, "The request URI is too long"),
          Map.entry(415, "The request body must be JSON (Content-Type: application/json)"),
          Map.entry(416, "The requested range is not satisfiable"),
          Map.entry(417, "The expectation in the Expect header cannot be met"),
          Map.entry(422, "The request could not be processed"),
          Map.entry(429, "Too many requests; try again later"),
          Map.entry(431, "The request headers are too large"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(501, "The request method is not supported"),
          Map.entry(502, "Upstream answered with an error"),
          Map.entry(503, "The service is unavailable; try again shortly"),
          Map.entry(504, "Upstream did not answer in time"),
          Map.entry(505, "Only HTTP/1.0 and HTTP/1.1 are supported"));

  private ErrorWords() {}

  /** Our text for {@code status}; a general one for a status we never expect to answer. */
  static String forStatus(int status) {
    String words = BY_STATUS.get(status);
    if (words != null) {
      return words;
    }
    return status >= 500
        ? "The server could not handle the request"
        : "The request could not be handled";
  }
}
