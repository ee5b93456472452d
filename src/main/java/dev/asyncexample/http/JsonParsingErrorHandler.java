package dev.asyncexample.http;

import java.util.Locale;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ParserSettings;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests the server cannot parse (URI or headers too long, bad syntax) with the API's
 * JSON error shape. Named in {@code pekko.http.server.parsing.error-handler}.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    // Pekko's summary stays in the log: it names settings and may quote the client's bytes.
    HttpResponse answer =
        Problems.unrouted(status, detail(status.intValue(), info, settings.parserSettings()));
    log.warning(
        "Rejected an unparsable request with {}: {} id={}",
        status.intValue(),
        info.summary(),
        answer.getHeader(RequestLog.HEADER).map(HttpHeader::value).orElse("?"));
    return answer;
  }

  /**
   * What was wrong, in our words. Pekko's summary only picks which of them: it is matched on the
   * header or limit it names, and an unknown one gets the words for its status.
   */
  static String detail(int status, ErrorInfo info, ParserSettings limits) {
    String said = String.valueOf(info.summary()).toLowerCase(Locale.ROOT);
    return switch (status) {
      case 400 -> badRequest(said, String.valueOf(info.detail()), limits);
      case 414 -> "The request URI is too long (at most " + limits.maxUriLength() + " characters)";
      case 431 ->
          said.contains("name")
              ? "A request header name is too long (at most "
                  + limits.maxHeaderNameLength()
                  + " characters)"
              : "A request header value is too long (at most "
                  + limits.maxHeaderValueLength()
                  + " characters)";
      default -> ErrorWords.forStatus(status);
    };
  }

  private static String badRequest(String said, String detail, ParserSettings limits) {
    // A TLS handshake starts with byte 0x16, which Pekko reads as the start of a method.
    if (detail.contains("0x16")) {
      return "This port speaks plain HTTP, not HTTPS";
    }
    if (said.contains("method")) {
      return ErrorWords.forStatus(501);
    }
    if (said.contains("more than the configured limit") && said.contains("headers")) {
      return "Too many request headers (at most " + limits.maxHeaderCount() + ")";
    }
    if (said.contains("chunked") && said.contains("content-length")) {
      return "A request must not carry both Transfer-Encoding and Content-Length";
    }
    if (said.contains("content-length")) {
      return "The Content-Length header is invalid";
    }
    if (said.contains("transfer-encoding")) {
      return "Only one Transfer-Encoding is supported: chunked";
    }
    if (said.contains("content-type")) {
      return "The request must carry at most one Content-Type header";
    }
    if (said.contains("request-target")) {
      return "The request target is not a valid path and query";
    }
    if (said.contains("host") || said.contains("effective uri")) {
      return "The request needs exactly one Host header, matching its target";
    }
    if (said.contains("chunk")) {
      return "The chunked request body is malformed";
    }
    if (said.startsWith("connect ")) {
      return "CONNECT is not supported";
    }
    if (said.contains("header")) {
      return "A request header is malformed";
    }
    return ErrorWords.forStatus(400);
  }
}
