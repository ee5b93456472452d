package dev.asyncexample;

import dev.asyncexample.bookmarks.BookmarkRepository;
import dev.asyncexample.bookmarks.BookmarksRoutes;
import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.http.HttpServer;
import dev.asyncexample.http.Readiness;
import dev.asyncexample.posts.PostsRoutes;
import dev.asyncexample.store.Database;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Root actor: builds the client and its actors, the routes and the server, then idles. */
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
      AppSettings settings, String upstreamBaseUrl, CompletableFuture<ServerBinding> bound) {
    return Behaviors.setup(
        context -> {
          ActorSystem<Void> system = context.getSystem();
          Readiness readiness = new Readiness();
          ReplyCache cache = ReplyCache.create(context, settings.cache());
          JsonPlaceholderClient client =
              JsonPlaceholderClient.create(context, settings.upstream(), upstreamBaseUrl, cache);
          Database database = Database.create(system, settings.database());
          Route features =
              Directives.concat(
                  new PostsRoutes(client).route(),
                  new BookmarksRoutes(
                          new BookmarkRepository(database),
                          client,
                          settings.bookmarks().enrichParallelism())
                      .route());
          Route api = new ApiRoutes(features, readiness, List.of(database, cache.check())).route();
          log.info("Upstream: {} (timeout {})", upstreamBaseUrl, settings.upstream().timeout());
          // The schema is in place before the first request; if the database cannot be reached,
          // the server starts anyway and only the bookmarks answer 503 until it can.
          database
              .migrate()
              .thenCompose(migrated -> HttpServer.start(system, api, settings.http(), readiness))
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
