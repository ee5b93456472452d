package dev.asyncexample.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests the server cannot parse (URI or headers too long, bad syntax) with the API's
 * JSON error shape. Named in {@code pekko.http.server.parsing.error-handler}.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    // The summary names the limit; the detail may echo client input, so it stays out of the body.
    // No route ran, so the id every answer carries is given here, and logged to match.
    String id = RequestLog.newId();
    log.warning(
        "Rejected an unparsable request with {}: {} id={}", status.intValue(), info.summary(), id);
    return Problems.response(status, info.summary())
        .addHeader(RawHeader.create(RequestLog.HEADER, id))
        .addHeader(ApiRoutes.NO_SNIFF);
  }
}
