package dev.asyncexample.http;

import dev.asyncexample.concurrent.StageBridge;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the API and ties its lifecycle to CoordinatedShutdown. */
public final class HttpServer {

  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  /** What a request still running past the deadline gets before its connection is closed. */
  private static final Duration LAST_WORDS = Duration.ofSeconds(1);

  /** Between the drain and closing the idle connections: time for written answers to leave. */
  private static final Duration FLUSH_GRACE = Duration.ofMillis(200);

  private HttpServer() {}

  /**
   * Binds {@code route} and ties it to CoordinatedShutdown: first {@code /ready} turns 503 (and the
   * server keeps serving for the unready delay), then it stops accepting, then requests in flight
   * get the shutdown deadline to finish, and only then are idle connections closed.
   */
  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, Route route, HttpSettings settings, Readiness readiness) {
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
    // The server's request timeout answers in our JSON shape too (bound servers only).
    Route tracked = inFlight.track(() -> route);
    Route served =
        Directives.withRequestTimeoutResponse(request -> Problems.requestTimeout(), () -> tracked);
    return StageBridge.completeOn(
            Http.get(system).newServerAt(settings.host(), settings.port()).bind(served),
            StageBridge.SAME_THREAD)
        .thenApply(
            binding -> {
              drainOnShutdown(system, shutdown, binding, inFlight, settings.shutdownDeadline());
              readiness.ready();
              log.info(
                  "Serving on http://{}:{} (docs at /docs)",
                  binding.localAddress().getHostString(),
                  binding.localAddress().getPort());
              return binding;
            });
  }

  private static void drainOnShutdown(
      ActorSystem<?> system,
      CoordinatedShutdown shutdown,
      ServerBinding binding,
      InFlightRequests inFlight,
      Duration deadline) {
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(),
        "stop-accepting",
        () ->
            StageBridge.completeOn(binding.unbind(), StageBridge.SAME_THREAD)
                .thenApply(unbound -> Done.getInstance()));
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
                      // answers' bytes get a moment to leave first: terminate aborts a connection
                      // whose response is still being written (akka/akka-http#4060).
                      return Patterns.after(
                          FLUSH_GRACE, system, () -> binding.terminate(LAST_WORDS));
                    })
                .thenCompose(
                    terminated -> StageBridge.completeOn(terminated, StageBridge.SAME_THREAD))
                .thenApply(terminated -> Done.getInstance()));
  }
}
