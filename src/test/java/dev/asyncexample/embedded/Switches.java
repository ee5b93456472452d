package dev.asyncexample.embedded;

import dev.asyncexample.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Logs every request, then answers it the way a test has switched to: normally, broken, late, or
 * only once a held gate opens. Applied around the production upstream's route.
 */
final class Switches extends AllDirectives {

  private final ArrivalLog arrivals;
  private volatile Failure failure = Failure.NONE;
  private volatile Duration delay = Duration.ZERO;
  private volatile CompletableFuture<Done> gate =
      CompletableFuture.completedFuture(Done.getInstance());

  Switches(ArrivalLog arrivals) {
    this.arrivals = arrivals;
  }

  void fail(Failure mode) {
    this.failure = mode;
  }

  void delay(Duration wait) {
    this.delay = wait;
  }

  ControllableUpstream.Gate hold() {
    CompletableFuture<Done> held = new CompletableFuture<>();
    this.gate = held;
    return () -> held.complete(Done.getInstance());
  }

  /** Lets held answers go, e.g. before a stop, so no request is left hanging. */
  void releaseHeld() {
    gate.complete(Done.getInstance());
  }

  void reset() {
    failure = Failure.NONE;
    delay = Duration.ZERO;
    releaseHeld();
  }

  Route around(Route serving) {
    return extractActorSystem(
        system ->
            extractRequest(
                request -> {
                  arrivals.record(pathAndQuery(request), requestId(request));
                  // Read on arrival, so a test can flip them while earlier requests are held.
                  Failure mode = failure;
                  Duration wait = delay;
                  CompletionStage<Done> ready =
                      gate.thenCompose(
                          open ->
                              wait.isZero()
                                  ? CompletableFuture.completedFuture(open)
                                  : Patterns.after(
                                      wait, system, () -> CompletableFuture.completedFuture(open)));
                  return onSuccess(ready, open -> answer(mode, serving));
                }));
  }

  private Route answer(Failure mode, Route serving) {
    return switch (mode) {
      case NONE -> serving;
      case SERVER_ERROR ->
          complete(
              HttpResponse.create()
                  .withStatus(StatusCodes.INTERNAL_SERVER_ERROR)
                  .withEntity(Json.entity(Map.of("error", "boom"))));
      case MALFORMED_JSON ->
          complete(
              HttpResponse.create()
                  .withEntity(
                      HttpEntities.create(
                          ContentTypes.APPLICATION_JSON, "[{\"userId\": 1, \"id\"")));
      case WRONG_SHAPE ->
          complete(HttpResponse.create().withEntity(Json.entity(Map.of("unexpected", true))));
      case CONNECTION_RESET ->
          complete(
              HttpResponse.create()
                  .withEntity(
                      HttpEntities.create(
                          ContentTypes.APPLICATION_JSON,
                          1024,
                          Source.<ByteString>failed(new DeliberateReset()))));
    };
  }

  private static String pathAndQuery(HttpRequest request) {
    return request.getUri().path() + request.getUri().rawQueryString().map(q -> "?" + q).orElse("");
  }

  private static String requestId(HttpRequest request) {
    return request.getHeader("X-Request-Id").map(h -> h.value()).orElse("-");
  }

  /** The failure behind {@link Failure#CONNECTION_RESET}; it is on purpose, so it has no stack. */
  private static final class DeliberateReset extends IOException {
    private static final long serialVersionUID = 1L;

    DeliberateReset() {
      super("connection reset on purpose");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
