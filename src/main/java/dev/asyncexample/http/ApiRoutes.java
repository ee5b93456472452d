package dev.asyncexample.http;

import dev.asyncexample.json.Json;
import dev.asyncexample.tracing.Tracing;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * The whole API as one sealed route: every request gets an answer in JSON (or the docs), an id and
 * an access-log line. Features plug in as routes; this class only assembles them.
 */
public final class ApiRoutes extends AllDirectives {

  /** The body of {@code GET /}, as the Python original has it. */
  record Welcome(String message, Map<String, String> versions) {}

  /** Rendered once: the most frequent fixed answer costs no JSON work per request. */
  private static final ByteString WELCOME =
      Json.bytes(new Welcome("Welcome to the API Wrapper Example", Map.of("v1", "/v1")));

  /** Browsers must take every answer for the type it says it is (JSON stays JSON). */
  static final HttpHeader NO_SNIFF = RawHeader.create("X-Content-Type-Options", "nosniff");

  private final Route features;
  private final HealthRoutes health;
  private final Tracing tracing;
  private final ExchangeObserver observer;
  private final DocsRoutes docs = new DocsRoutes();

  /**
   * The API around {@code features}.
   *
   * @param features the versioned API (e.g. {@code /v1/...})
   */
  public ApiRoutes(Route features, Readiness readiness) {
    this(features, readiness, List.of());
  }

  /**
   * The API around {@code features}, with {@code checks} reported by {@code /ready}.
   *
   * @param features the versioned API (e.g. {@code /v1/...})
   */
  public ApiRoutes(Route features, Readiness readiness, List<DependencyCheck> checks) {
    this(features, readiness, checks, Tracing.OFF, ExchangeObserver.NONE);
  }

  /**
   * The API around {@code features}, with {@code checks} reported by {@code /ready}, each request
   * traced through {@code tracing} and told to {@code observer} once answered.
   *
   * @param features the versioned API (e.g. {@code /v1/...})
   */
  public ApiRoutes(
      Route features,
      Readiness readiness,
      List<DependencyCheck> checks,
      Tracing tracing,
      ExchangeObserver observer) {
    this.features = features;
    this.health = new HealthRoutes(readiness, checks);
    this.tracing = tracing;
    this.observer = observer;
  }

  public Route route() {
    // Built once, here: the Java DSL runs a directive's inner supplier on every request, so a tree
    // built inside one (the docs routes, the handlers) would be built again for each request.
    Route routes = concat(root(), health.route(), docs.route(), features);
    ExceptionHandler exceptions = Problems.exceptionHandler();
    RejectionHandler rejections = Problems.rejectionHandler();
    Route handled =
        respondWithHeader(
            NO_SNIFF,
            () ->
                Problems.inOurWords(
                    () ->
                        handleExceptions(
                            exceptions, () -> handleRejections(rejections, () -> routes))));
    return RequestLog.around(tracing, observer, () -> handled);
  }

  private Route root() {
    return pathSingleSlash(
        () ->
            RouteTemplate.named(
                "/", () -> get(() -> complete(StatusCodes.OK, WELCOME, Json.RENDERED))));
  }
}
