package dev.asyncexample.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is sane, else a new one),
 * returns it in the response, and writes one access-log line per request.
 */
public final class RequestLog {

  public static final String HEADER = "X-Request-Id";

  private static final AttributeKey<String> REQUEST_ID =
      AttributeKey.create("request-id", String.class);
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger access = LoggerFactory.getLogger("access");

  private RequestLog() {}

  /** Wraps the whole API; {@code inner} must already turn rejections and errors into responses. */
  public static Route around(Supplier<Route> inner) {
    return around(ExchangeObserver.NONE, inner);
  }

  /** As {@link #around(Supplier)}, and tells {@code observer} of every answer. */
  public static Route around(ExchangeObserver observer, Supplier<Route> inner) {
    return Directives.extractRequest(
        request -> {
          long start = System.nanoTime();
          String id = incomingId(request);
          RouteTemplate.Slot route = new RouteTemplate.Slot();
          return Directives.mapRequest(
              r -> RouteTemplate.withSlot(r.addAttribute(REQUEST_ID, id), route),
              () ->
                  Directives.mapResponse(
                      response -> {
                        logLine(request, response, id, route.template(), start);
                        observer.answered(
                            request, response.status().intValue(), route.template(), start);
                        return response.addHeader(RawHeader.create(HEADER, id));
                      },
                      inner));
        });
  }

  /** Runs {@code inner} with the id of the request being handled. */
  public static Route requestId(Function<String, Route> inner) {
    return Directives.extractRequest(
        request -> inner.apply(request.getAttribute(REQUEST_ID).orElseGet(RequestLog::newId)));
  }

  private static String incomingId(HttpRequest request) {
    // A caller's id is echoed into our logs and upstream calls, so only a plain token is trusted.
    return request
        .getHeader(HEADER)
        .map(HttpHeader::value)
        .filter(value -> SANE_ID.matcher(value).matches())
        .orElseGet(RequestLog::newId);
  }

  /**
   * A random id in UUID form. Not {@code UUID.randomUUID()}: its SecureRandom is one lock that
   * every request would queue on, and an id that only correlates log lines needs no cryptographic
   * strength.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // Version 4 and the IETF variant, as randomUUID sets them.
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static void logLine(
      HttpRequest request, HttpResponse response, String id, String route, long start) {
    if (access.isInfoEnabled()) {
      // Streamed bodies are timed to the start of the response, which is what a client waits for.
      long tenths = (System.nanoTime() - start) / 100_000;
      access.info(
          "{} {} {} {}.{}ms route={} id={}",
          request.method().value(),
          request.getUri().path(),
          response.status().intValue(),
          tenths / 10,
          tenths % 10,
          route,
          id);
    }
  }
}
