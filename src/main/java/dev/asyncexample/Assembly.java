package dev.asyncexample;

import dev.asyncexample.bookmarks.BookmarkRepository;
import dev.asyncexample.bookmarks.BookmarksRoutes;
import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.exports.Exports;
import dev.asyncexample.exports.ExportsRoutes;
import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.http.Readiness;
import dev.asyncexample.posts.PostsRoutes;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.store.Database;
import dev.asyncexample.tracing.Tracing;
import dev.asyncexample.tracing.TracingSdk;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's parts, built once per ActorSystem: the cache, the upstream client, the database
 * and the whole API as one sealed route. A server binds it; a Lambda handler calls it.
 *
 * @param api every route, with errors, request ids and the access log
 * @param readiness what {@code /ready} answers; the caller marks it ready once it serves
 * @param database the schema must be migrated ({@link Database#migrate()}) before bookmarks work
 */
public record Assembly(Route api, Readiness readiness, Database database) {

  private static final Logger log = LoggerFactory.getLogger(Assembly.class);

  /**
   * Builds every part, spawning actors as children of {@code context}; each part registers its own
   * closing with CoordinatedShutdown.
   *
   * @param upstreamBaseUrl the upstream to call (already resolved when it is the embedded one)
   */
  public static Assembly build(
      ActorContext<?> context, AppSettings settings, String upstreamBaseUrl) {
    return build(
        context,
        settings,
        upstreamBaseUrl,
        TracingSdk.start(context.getSystem(), settings.tracing()));
  }

  /**
   * As above, traced through {@code tracing} (tests give an SDK of their own).
   *
   * @param upstreamBaseUrl the upstream to call (already resolved when it is the embedded one)
   */
  public static Assembly build(
      ActorContext<?> context, AppSettings settings, String upstreamBaseUrl, Tracing tracing) {
    Readiness readiness = new Readiness();
    ReplyCache cache = ReplyCache.create(context, settings.cache());
    JsonPlaceholderClient upstream =
        JsonPlaceholderClient.create(context.getSystem(), settings.upstream(), upstreamBaseUrl);
    PostsService posts =
        settings.cluster().enabled()
            ? PostsService.clustered(context, upstream, cache, settings.cluster(), tracing)
            : PostsService.create(context, upstream, cache);
    Database database = Database.create(context.getSystem(), settings.database());
    Route features =
        Directives.concat(
            new PostsRoutes(posts).route(),
            new BookmarksRoutes(
                    new BookmarkRepository(database),
                    posts,
                    settings.bookmarks().enrichParallelism())
                .route(),
            new ExportsRoutes(Exports.create(context.getSystem(), settings.exports(), posts))
                .route());
    Route api =
        new ApiRoutes(
                features, readiness, List.of(upstream.check(), database, cache.check()), tracing)
            .route();
    log.info("Upstream: {} (timeout {})", upstreamBaseUrl, settings.upstream().timeout());
    return new Assembly(api, readiness, database);
  }
}
