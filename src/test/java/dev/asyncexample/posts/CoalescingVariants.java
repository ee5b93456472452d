package dev.asyncexample.posts;

import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.FetchMeters;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * For bench/lessons: the real posts service without a cache, with its coalescer as the server runs
 * it, or with coalescing taken out. Only here, in test sources: the server always coalesces. The
 * system is a classic one, so the coalescers can be spawned from outside it (as in {@link
 * TestClients}).
 */
public final class CoalescingVariants {

  private CoalescingVariants() {}

  /** The service as the server builds it with {@code CACHE_ENABLED=off}. */
  public static PostsService coalescing(
      ActorSystem system, JsonPlaceholderClient upstream, String name) {
    return PostsService.create(
        Adapter.toTyped(system),
        upstream,
        ReplyCache.disabled(),
        behavior -> Adapter.spawn(system, behavior, name));
  }

  /**
   * The same service, same actor and same fetch, except that no caller ever joins a fetch in flight
   * (a join window of zero): every request is an upstream call.
   */
  public static PostsService notCoalescing(
      ActorSystem system, JsonPlaceholderClient upstream, String name) {
    return PostsService.create(
        Adapter.toTyped(system),
        upstream,
        ReplyCache.disabled(),
        // The service's own coalescer is set aside for one that never lets a caller join; the
        // fetch is the service's, minus keeping the answer in a cache that is off anyway.
        ignored ->
            Adapter.spawn(
                system,
                FetchCoalescer.create(
                    (resource, context) ->
                        upstream
                            .get(resource.path(), context)
                            .thenApply(reply -> PostsRenderer.render(resource, reply)),
                    new FetchMeters(AppMetrics.discarding(), "node"),
                    Duration.ZERO),
                name));
  }
}
