package dev.asyncexample.http;

import static net.logstash.logback.argument.StructuredArguments.value;

import dev.asyncexample.tracing.LogContext;
import dev.asyncexample.tracing.RequestContext;
import dev.asyncexample.tracing.ServerSpans;
import dev.asyncexample.tracing.Tracing;
import java.math.BigDecimal;
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
 * returns it in the response, and writes one access-log line per request. When tracing is on it
 * also holds the request's server span, named by the route template once the response is ready.
 */
public final class RequestLog {

  public static final String HEADER = "X-Request-Id";

  private static final AttributeKey<RequestContext> CONTEXT =
      AttributeKey.create("request-context", RequestContext.class);
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger access = LoggerFactory.getLogger("access");

  private RequestLog() {}

  /** Wraps an untraced route (an answer the edge gives before the API); see the other form. */
  public static Route around(Supplier<Route> inner) {
    return around(Tracing.OFF, ExchangeObserver.NONE, inner);
  }

  /** Wraps an untraced route that {@code observer} hears of, such as a refusal at the edge. */
  public static Route around(ExchangeObserver observer, Supplier<Route> inner) {
    return around(Tracing.OFF, observer, inner);
  }

  /**
   * Wraps the whole API; {@code inner} must already turn rejections and errors into responses. With
   * {@code tracing} on, each request is a server span continuing the caller's trace; {@code
   * observer} hears of every answer.
   */
  public static Route around(Tracing tracing, ExchangeObserver observer, Supplier<Route> inner) {
    return Directives.extractRequest(
        request -> {
          long start = System.nanoTime();
          String id = incomingId(request);
          RequestContext context = ServerSpans.start(tracing, request, id);
          RouteTemplate.Slot route = new RouteTemplate.Slot();
          return Directives.mapRequest(
              r -> RouteTemplate.withSlot(r.addAttribute(CONTEXT, context), route),
              () ->
                  Directives.mapResponse(
                      response -> {
                        String template = route.template();
                        logLine(request, response, context, template, start);
                        ServerSpans.end(
                            context,
                            request.method().value(),
                            RouteTemplate.UNKNOWN.equals(template) ? null : template,
                            response.status().intValue());
                        observer.answered(request, response.status().intValue(), template, start);
                        return response.addHeader(RawHeader.create(HEADER, id));
                      },
                      inner));
        });
  }

  /** Runs {@code inner} with the id of the request being handled. */
  public static Route requestId(Function<String, Route> inner) {
    return context(context -> inner.apply(context.requestId()));
  }

  /**
   * Runs {@code inner} with the request being handled: its id and its trace, for the work done for
   * it downstream.
   */
  public static Route context(Function<RequestContext, Route> inner) {
    return Directives.extractRequest(
        request ->
            inner.apply(
                request.getAttribute(CONTEXT).orElseGet(() -> RequestContext.untraced(newId()))));
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
      HttpRequest request,
      HttpResponse response,
      RequestContext context,
      String route,
      long start) {
    if (access.isInfoEnabled()) {
      // Streamed bodies are timed to the start of the response, which is what a client waits for.
      long tenths = (System.nanoTime() - start) / 100_000;
      // Each value is also a field of its own in JSON logs (LOG_FORMAT=json); text shows the same
      // line as ever. The trace ids come from the MDC, set only while this line is written.
      LogContext.runTraced(
          context,
          () ->
              access.info(
                  "{} {} {} {}ms route={} id={}",
                  value("method", request.method().value()),
                  value("path", request.getUri().path()),
                  value("status", response.status().intValue()),
                  value("duration_ms", BigDecimal.valueOf(tenths, 1)),
                  value("route", route),
                  value(LogContext.REQUEST_ID, context.requestId())));
    }
  }
}
