package dev.asyncexample.http;

import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Admission control: at most {@code limit} requests are worked on at once; past it a request is
 * answered 503 at once (with Retry-After) instead of queueing into a timeout, so overload sheds.
 * Health and readiness probes are never shed: a busy node is alive and ready, just full.
 */
final class Admission {

  /** Probes an orchestrator or a scraper must always get through. */
  private static final Set<String> NEVER_SHED = Set.of("/health", "/ready", "/metrics");

  /** Most requests finish within a second here; a client that waits that long finds room. */
  private static final long RETRY_AFTER_SECONDS = 1;

  private final InFlightRequests inFlight;
  private final int limit;
  private final Route busy;

  Admission(InFlightRequests inFlight, int limit, ExchangeObserver observer) {
    this.inFlight = inFlight;
    this.limit = limit;
    // Through the request log: a shed request has an id, a log line and metrics like any other.
    this.busy =
        RequestLog.around(
            observer,
            () ->
                Directives.complete(
                    Problems.response(
                            StatusCodes.SERVICE_UNAVAILABLE,
                            "The server is busy; try again shortly")
                        .addHeader(RetryAfter.create(RETRY_AFTER_SECONDS))
                        .addHeader(ApiRoutes.NO_SNIFF)));
  }

  /** {@code inner}, counted in flight, or the busy answer when full. */
  Route route(Supplier<Route> inner) {
    return Directives.extractRequest(
        request -> inFlight.trackBelow(limit, inner, () -> alwaysAdmitted(request, inner)));
  }

  private Route alwaysAdmitted(HttpRequest request, Supplier<Route> inner) {
    return NEVER_SHED.contains(request.getUri().path()) ? inFlight.track(inner) : busy;
  }
}
