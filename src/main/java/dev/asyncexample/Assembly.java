package dev.asyncexample;

import dev.asyncexample.bookmarks.BookmarkRepository;
import dev.asyncexample.bookmarks.BookmarksRoutes;
import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.exports.Exports;
import dev.asyncexample.exports.ExportsRoutes;
import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.http.DependencyCheck;
import dev.asyncexample.http.Readiness;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.posts.PostsRoutes;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.store.Database;
import dev.asyncexample.summary.ConcurrentSummarizer;
import dev.asyncexample.summary.SummaryRoutes;
import dev.asyncexample.summary.UserParts;
import dev.asyncexample.tracing.Tracing;
import dev.asyncexample.tracing.TracingSdk;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import io.micrometer.core.instrument.MeterRegistry;
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
 * @param metrics the application's meters; the server tells {@link AppMetrics#exchanges()} of the
 *     requests it answers before they reach {@code api}
 */
public record Assembly(Route api, Readiness readiness, Database database, AppMetrics metrics) {

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
    AppMetrics metrics = AppMetrics.create(context.getSystem(), settings.metrics());
    MeterRegistry registry = metrics.registry();
    ReplyCache cache = ReplyCache.create(context, settings.cache(), registry);
    JsonPlaceholderClient upstream =
        JsonPlaceholderClient.create(
            context.getSystem(), settings.upstream(), upstreamBaseUrl, registry);
    PostsService posts;
    if (settings.cluster().enabled()) {
      posts =
          PostsService.clustered(context, upstream, cache, settings.cluster(), tracing, registry);
      metrics.watchCluster(context.getSystem(), PostsService.ownersType());
    } else {
      posts = PostsService.create(context, upstream, cache, registry);
    }
    Database database = Database.create(context.getSystem(), settings.database());
    database.poolMetrics().ifPresent(pool -> metrics.watchPool(database.poolName(), pool));
    List<DependencyCheck> checks = List.of(upstream.check(), database, cache.check());
    metrics.watch(checks);
    Route features =
        Directives.concat(
            metrics.route(),
            new PostsRoutes(posts).route(),
            new BookmarksRoutes(
                    new BookmarkRepository(database),
                    posts,
                    settings.bookmarks().enrichParallelism())
                .route(),
            new SummaryRoutes(
                    new ConcurrentSummarizer(
                        new UserParts(posts),
                        settings.summary().parallelism(),
                        context.getSystem()))
                .route(),
            new ExportsRoutes(
                    Exports.create(context.getSystem(), settings.exports(), posts, registry))
                .route());
    Route api = new ApiRoutes(features, readiness, checks, tracing, metrics.exchanges()).route();
    log.info("Upstream: {} (timeout {})", upstreamBaseUrl, settings.upstream().timeout());
    return new Assembly(api, readiness, database, metrics);
  }
}
