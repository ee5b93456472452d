package dev.asyncexample.lambda;

import dev.asyncexample.AppSettings;
import dev.asyncexample.Assembly;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.server.Route;

/** Root actor in Lambda: assembles the application and migrates the database; binds nothing. */
final class LambdaGuardian {

  private LambdaGuardian() {}

  /**
   * @param upstreamBaseUrl the upstream to call (already resolved when it is the embedded one)
   * @param route completed with the API once the migrations have run (or their first attempt has
   *     failed: then bookmarks answer 503 until a retry succeeds, as on a server)
   */
  static Behavior<Void> create(
      AppSettings settings, String upstreamBaseUrl, CompletableFuture<Route> route) {
    return Behaviors.setup(
        context -> {
          try {
            Assembly app = Assembly.build(context, settings, upstreamBaseUrl);
            var unused =
                app.database()
                    .migrate()
                    .whenComplete(
                        (migrated, failure) -> {
                          // No port, no load balancer: "ready" only tells /ready what to answer.
                          app.readiness().ready();
                          route.complete(app.api());
                        });
          } catch (RuntimeException e) {
            route.completeExceptionally(e);
            throw e;
          }
          return Behaviors.empty();
        });
  }
}
