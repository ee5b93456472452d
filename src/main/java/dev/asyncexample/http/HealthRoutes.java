package dev.asyncexample.http;

import dev.asyncexample.json.Json;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Liveness ({@code /health}) and readiness ({@code /ready}) for orchestrators and load balancers.
 */
final class HealthRoutes extends AllDirectives {

  /** The body of a healthy answer. */
  record Status(String status) {}

  private final Readiness readiness;

  HealthRoutes(Readiness readiness) {
    this.readiness = readiness;
  }

  Route route() {
    return concat(
        path(
            "health",
            () -> get(() -> complete(StatusCodes.OK, new Status("ok"), Json.marshaller()))),
        path("ready", () -> get(this::ready)));
  }

  private Route ready() {
    return switch (readiness.state()) {
      case READY -> complete(StatusCodes.OK, new Status("ready"), Json.marshaller());
      case STARTING -> Problems.complete(StatusCodes.SERVICE_UNAVAILABLE, "Starting");
      case STOPPING -> Problems.complete(StatusCodes.SERVICE_UNAVAILABLE, "Shutting down");
    };
  }
}
