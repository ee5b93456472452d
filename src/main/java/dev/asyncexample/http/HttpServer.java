package dev.asyncexample.http;

import dev.asyncexample.concurrent.StageBridge;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the API behind its edge guard and ties its lifecycle to CoordinatedShutdown. */
public final class HttpServer {

  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  /** What a request still running past the deadline gets before its connection is closed. */
  private static final Duration LAST_WORDS = Duration.ofSeconds(1);

  /** Between the drain and closing the idle connections: time for written answers to leave. */
  private static final Duration FLUSH_GRACE = Duration.ofMillis(200);

  /** Where the server listens, once it does. */
  public record Binding(InetSocketAddress localAddress) {}

  private HttpServer() {}

  /**
   * Binds {@code route} and ties it to CoordinatedShutdown: first {@code /ready} turns 503 (and the
   * server keeps serving for the unready delay), then it stops accepting, then requests in flight
   * get the shutdown deadline to finish, and only then are idle connections closed.
   */
  public static CompletionStage<Binding> start(
      ActorSystem<?> system, Route route, HttpSettings settings, Readiness readiness) {
    return start(system, route, settings, readiness, ExchangeObserver.NONE);
  }

  /**
   * As {@link #start(ActorSystem, Route, HttpSettings, Readiness)}; {@code observer} is also told
   * of the requests answered before they reach {@code route} (shed, or refused by the edge).
   */
  public static CompletionStage<Binding> start(
      ActorSystem<?> system,
      Route route,
      HttpSettings settings,
      Readiness readiness,
      ExchangeObserver observer) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "mark-not-ready",
        () -> {
          readiness.stopping();
          // Still accepting meanwhile: traffic that arrives before the balancer notices is served.
          return Patterns.after(
              settings.unreadyDelay(),
              system,
              () -> CompletableFuture.completedFuture(Done.getInstance()));
        });
    InFlightRequests inFlight = new InFlightRequests();
    Admission admission = new Admission(inFlight, settings.maxInFlight(), observer);
    Route admitted = admission.route(() -> route);
    Route answered = answerRefused(observer, () -> admitted);
    // The server's request timeout answers in our JSON shape too.
    Route served =
        Directives.withRequestTimeoutResponse(request -> Problems.requestTimeout(), () -> answered);
    return EdgeServer.bind(system, settings.host(), settings.port(), settings.edge(), served)
        .thenApply(
            server -> {
              drainOnShutdown(system, shutdown, server, inFlight, settings.shutdownDeadline());
              readiness.ready();
              log.info(
                  "Serving on http://{}:{} (docs at /docs)",
                  server.localAddress().getHostString(),
                  server.localAddress().getPort());
              return new Binding(server.localAddress());
            });
  }

  /**
   * A request the edge guard refused reaches the routes only as a bodiless stand-in, marked: it is
   * answered with why, and its connection closes.
   */
  private static Route answerRefused(ExchangeObserver observer, Supplier<Route> inner) {
    return Directives.extractRequest(
        request ->
            request
                .getAttribute(ExchangeTracker.REFUSED)
                .map(
                    refused ->
                        RequestLog.around(
                            observer,
                            () ->
                                Directives.complete(
                                    Problems.response(refused.status(), refused.detail())
                                        .addHeader(Connection.create("close"))
                                        .addHeader(ApiRoutes.NO_SNIFF))))
                .orElseGet(inner));
  }

  private static void drainOnShutdown(
      ActorSystem<?> system,
      CoordinatedShutdown shutdown,
      EdgeServer server,
      InFlightRequests inFlight,
      Duration deadline) {
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(),
        "stop-accepting",
        () -> server.unbind().thenApply(unbound -> Done.getInstance()));
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceRequestsDone(),
        "drain-requests",
        () ->
            inFlight
                .drain()
                .toCompletableFuture()
                .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .handle(
                    (drained, late) -> {
                      if (late != null) {
                        log.warn(
                            "{} requests still in flight after {}; closing their connections",
                            inFlight.inFlight(),
                            deadline);
                      }
                      // Only idle connections are left unless the deadline passed. The last
                      // answers' bytes get a moment to leave first.
                      return Patterns.after(
                          FLUSH_GRACE, system, () -> server.closeConnections(LAST_WORDS));
                    })
                .thenCompose(closed -> StageBridge.completeOn(closed, StageBridge.SAME_THREAD))
                .thenApply(closed -> Done.getInstance()));
  }
}
