package dev.asyncexample.http;

import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Conditional GETs (RFC 9110, section 13): whether a client already holds what we would send.
 *
 * <p>The header's value is matched here rather than with pekko-http's Java {@code
 * EntityTag.matchesRange}, which in 1.3.0 calls itself until the stack overflows.
 */
public final class Conditional {

  private Conditional() {}

  /**
   * Whether {@code request}'s {@code If-None-Match} names {@code opaqueTag} (the tag without
   * quotes) or is {@code *}, so the answer is 304 Not Modified. The comparison is weak, as the RFC
   * asks for this header: {@code W/"x"} matches {@code "x"}.
   */
  public static boolean notModified(HttpRequest request, String opaqueTag) {
    return request
        .getHeader("If-None-Match")
        .map(HttpHeader::value)
        .map(value -> names(value, opaqueTag))
        .orElse(false);
  }

  private static boolean names(String headerValue, String opaqueTag) {
    for (String candidate : headerValue.split(",", -1)) {
      String tag = candidate.strip();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.length() == opaqueTag.length() + 2
          && tag.charAt(0) == '"'
          && tag.endsWith("\"")
          && tag.regionMatches(1, opaqueTag, 0, opaqueTag.length())) {
        return true;
      }
    }
    return false;
  }
}
