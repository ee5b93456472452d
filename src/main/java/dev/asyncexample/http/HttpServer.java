package dev.asyncexample.http;

import dev.asyncexample.concurrent.Stages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

  private HttpServer() {}

  /**
   * Binds {@code route}. On shutdown the instance first reports not-ready (and keeps serving for
   * the configured unready delay), then stops accepting, then lets requests in flight finish within
   * the configured deadline.
   */
  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, Route route, HttpSettings settings, Readiness readiness) {
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "mark-not-ready",
            () -> {
              readiness.stopping();
              // Still accepting meanwhile: traffic that arrives before the balancer notices is
              // served.
              return Patterns.after(
                  settings.unreadyDelay(),
                  system,
                  () -> CompletableFuture.completedFuture(Done.getInstance()));
            });
    return Stages.plain(
            Http.get(system)
                .newServerAt(settings.host(), settings.port())
                // The server's request timeout answers in our JSON shape too (bound servers only).
                .bind(
                    Directives.withRequestTimeoutResponse(
                        request -> Problems.requestTimeout(), () -> route)),
            Stages.SAME_THREAD)
        .thenApply(
            binding -> {
              binding.addToCoordinatedShutdown(settings.shutdownDeadline(), system);
              readiness.ready();
              log.info(
                  "Serving on http://{}:{} (docs at /docs)",
                  binding.localAddress().getHostString(),
                  binding.localAddress().getPort());
              return binding;
            });
  }
}
