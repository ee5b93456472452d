package dev.asyncexample.embedded;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.asyncexample.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The control endpoint of a standalone {@link ControllableUpstream}, on a port of its own so it
 * still answers while the upstream is down: {@code GET /mode} says what the upstream does, {@code
 * PUT /mode/NAME} switches it (see docs/faults.md for the names and their parameters).
 */
final class ControlRoutes extends AllDirectives {

  /** Past the application's 10 s upstream timeout. */
  static final Duration DEFAULT_SLOW = Duration.ofSeconds(15);

  static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

  /** Longer waits would outlast pekko.http.server.request-timeout, which answers 503 first. */
  private static final Duration MAX_DELAY = Duration.ofSeconds(60);

  private final ControllableUpstream upstream;

  ControlRoutes(ControllableUpstream upstream) {
    this.upstream = upstream;
  }

  Route route() {
    return concat(
        path("mode", () -> get(() -> json(StatusCodes.OK, describe(upstream.mode())))),
        path(
            segment("mode").slash(segment()),
            name -> concat(put(() -> switchTo(name)), post(() -> switchTo(name)))));
  }

  private Route switchTo(String name) {
    return parameterOptional(
        "delay",
        delay ->
            parameterOptional(
                "failure",
                failing ->
                    parameterOptional(
                        "period",
                        period -> {
                          try {
                            return switched(apply(name, delay, failing, period));
                          } catch (IllegalArgumentException e) {
                            return json(StatusCodes.BAD_REQUEST, Map.of("detail", e.getMessage()));
                          } catch (UnknownMode e) {
                            return json(StatusCodes.NOT_FOUND, Map.of("detail", e.getMessage()));
                          }
                        })));
  }

  private Route switched(CompletionStage<Done> change) {
    return onSuccess(change, done -> json(StatusCodes.OK, describe(upstream.mode())));
  }

  private CompletionStage<Done> apply(
      String name, Optional<String> delay, Optional<String> failing, Optional<String> period) {
    Duration wait =
        delay
            .map(ControlRoutes::duration)
            .orElse(name.equals("slow") ? DEFAULT_SLOW : Duration.ZERO);
    if (wait.isNegative() || wait.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException("delay must be 0s..60s, was " + wait);
    }
    CompletionStage<Done> change;
    if (name.equals("slow")) {
      change = upstream.switchTo(Failure.NONE);
    } else if (name.equals("flapping")) {
      Failure failure = failing.map(ControlRoutes::failure).orElse(Failure.DOWN);
      if (failure == Failure.NONE) {
        throw new IllegalArgumentException("flapping needs a failure other than normal");
      }
      if (period.filter("request"::equals).isPresent()) {
        upstream.flapEveryOtherAnswer(failure);
        change = CompletableFuture.completedFuture(Done.getInstance());
      } else {
        Duration every = period.map(ControlRoutes::duration).orElse(DEFAULT_PERIOD);
        if (every.toMillis() < 10) {
          throw new IllegalArgumentException("period must be at least 10ms, was " + every);
        }
        change = upstream.flap(failure, every);
      }
    } else {
      Failure failure = Failure.byModeName(name).orElseThrow(() -> new UnknownMode(name));
      change = upstream.switchTo(failure);
    }
    upstream.delay(wait);
    return change;
  }

  private static Failure failure(String name) {
    return Failure.byModeName(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown failure '" + name + "'"));
  }

  private static Duration duration(String text) {
    try {
      return ConfigFactory.parseMap(Map.of("d", text)).getDuration("d");
    } catch (ConfigException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "'", e);
    }
  }

  static Map<String, Object> describe(ControllableUpstream.Mode mode) {
    Map<String, Object> described = new LinkedHashMap<>();
    String name =
        mode.flapping().isPresent()
            ? "flapping"
            : mode.failure() == Failure.NONE && !mode.delay().isZero()
                ? "slow"
                : mode.failure().modeName();
    described.put("mode", name);
    mode.flapping()
        .ifPresent(
            flapping -> {
              described.put("failure", flapping.failing().modeName());
              described.put(
                  "period", flapping.period().map(p -> p.toMillis() + "ms").orElse("request"));
            });
    described.put("delayMillis", mode.delay().toMillis());
    described.put("requestsReceived", mode.requestsReceived());
    return described;
  }

  private Route json(StatusCode status, Object body) {
    return complete(HttpResponse.create().withStatus(status).withEntity(Json.entity(body)));
  }

  /** A mode name the control endpoint does not know. */
  private static final class UnknownMode extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownMode(String name) {
      super(
          "unknown mode '"
              + name
              + "'; known: normal, slow, flapping, server-error, garbage, wrong-shape, reset,"
              + " truncated, closed, down",
          null,
          false,
          false);
    }
  }
}
