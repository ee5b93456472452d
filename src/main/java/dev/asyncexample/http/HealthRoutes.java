package dev.asyncexample.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.asyncexample.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * Liveness ({@code /health}) and readiness ({@code /ready}) for orchestrators and load balancers.
 * {@code /ready} also reports each dependency's state, without letting it decide readiness.
 */
final class HealthRoutes extends AllDirectives {

  /**
   * How long {@code /ready} waits for a dependency: well within a load balancer's probe timeout
   * (Kubernetes' default is 1 s), far above a healthy local check.
   */
  static final Duration CHECK_BUDGET = Duration.ofMillis(250);

  /** The body of a healthy answer. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record Status(String status, Map<String, DependencyCheck.State> dependencies) {}

  /** Liveness never changes its answer, so it is rendered once. */
  private static final ByteString HEALTHY = Json.bytes(new Status("ok", Map.of()));

  private final Readiness readiness;
  private final List<DependencyProbe> probes;

  HealthRoutes(Readiness readiness, List<DependencyCheck> checks) {
    this.readiness = readiness;
    this.probes = checks.stream().map(check -> new DependencyProbe(check, CHECK_BUDGET)).toList();
  }

  Route route() {
    return concat(
        path(
            "health",
            () ->
                RouteTemplate.named(
                    "/health", () -> get(() -> complete(StatusCodes.OK, HEALTHY, Json.RENDERED)))),
        path("ready", () -> RouteTemplate.named("/ready", () -> get(this::ready))));
  }

  private Route ready() {
    return switch (readiness.state()) {
      case READY ->
          onSuccess(
              dependencies(),
              states -> complete(StatusCodes.OK, new Status("ready", states), Json.marshaller()));
      case STARTING -> Problems.complete(StatusCodes.SERVICE_UNAVAILABLE, "Starting");
      case STOPPING -> Problems.complete(StatusCodes.SERVICE_UNAVAILABLE, "Shutting down");
    };
  }

  /** Every check, run together; one that fails or is slow is reported down, never as an error. */
  private CompletionStage<Map<String, DependencyCheck.State>> dependencies() {
    List<CompletableFuture<DependencyCheck.State>> running =
        probes.stream().map(DependencyProbe::state).toList();
    return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
        .thenApply(
            unit -> {
              Map<String, DependencyCheck.State> states = new LinkedHashMap<>();
              for (int i = 0; i < probes.size(); i++) {
                states.put(probes.get(i).name(), running.get(i).join());
              }
              return states;
            });
  }
}
