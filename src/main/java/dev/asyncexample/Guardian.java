package dev.asyncexample;

import dev.asyncexample.cluster.ClusterNode;
import dev.asyncexample.http.HttpServer;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Root actor: assembles the application, migrates the database, binds the server, then idles. */
final class Guardian {

  private static final Logger log = LoggerFactory.getLogger(Guardian.class);

  private Guardian() {}

  /**
   * The root behavior of the application.
   *
   * @param upstreamBaseUrl the upstream to call (already resolved when it is the embedded one)
   * @param bound completed with the binding, or failed when the port cannot be bound
   */
  static Behavior<Void> create(
      AppSettings settings, String upstreamBaseUrl, CompletableFuture<HttpServer.Binding> bound) {
    return Behaviors.setup(
        context -> {
          ActorSystem<Void> system = context.getSystem();
          Assembly app = Assembly.build(context, settings, upstreamBaseUrl);
          if (settings.cluster().enabled()) {
            // A cluster node takes traffic once it is a member and owns its share of the posts.
            app.readiness().waitFor(ClusterNode.join(system, settings.cluster(), app.readiness()));
          }
          // The schema is in place before the first request; if the database cannot be reached,
          // the server starts anyway and only the bookmarks answer 503 until it can.
          app.database()
              .migrate()
              .thenCompose(
                  migrated ->
                      HttpServer.start(
                          system,
                          app.api(),
                          settings.http(),
                          app.readiness(),
                          app.metrics().exchanges()))
              .whenComplete(
                  (binding, failure) -> {
                    if (failure == null) {
                      bound.complete(binding);
                      return;
                    }
                    log.error(
                        "Cannot listen on {}:{}: {}",
                        settings.http().host(),
                        settings.http().port(),
                        failure.getMessage());
                    bound.completeExceptionally(failure);
                    CoordinatedShutdown.get(system).runAll(StartupFailed.INSTANCE);
                  });
          return Behaviors.empty();
        });
  }
}
