package dev.asyncexample.http;

import dev.asyncexample.json.Json;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The whole API as one sealed route: every request gets an answer in JSON (or the docs), an id and
 * an access-log line. Features plug in as routes; this class only assembles them.
 */
public final class ApiRoutes extends AllDirectives {

  /** The body of {@code GET /}, as the Python original has it. */
  record Welcome(String message, Map<String, String> versions) {}

  private static final Welcome WELCOME =
      new Welcome("Welcome to the API Wrapper Example", Map.of("v1", "/v1"));

  private final Route features;
  private final HealthRoutes health;
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
    this.features = features;
    this.health = new HealthRoutes(readiness, checks);
  }

  public Route route() {
    return RequestLog.around(
        () ->
            handleExceptions(
                Problems.exceptionHandler(),
                () ->
                    handleRejections(
                        Problems.rejectionHandler(),
                        () -> concat(root(), health.route(), docs.route(), features))));
  }

  private Route root() {
    return pathSingleSlash(() -> get(() -> complete(StatusCodes.OK, WELCOME, Json.marshaller())));
  }
}
