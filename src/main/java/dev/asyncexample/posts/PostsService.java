package dev.asyncexample.posts;

import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.cache.CacheOutcome;
import dev.asyncexample.cache.CacheSettings;
import dev.asyncexample.cache.Cached;
import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.cluster.ClusterSettings;
import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.CacheMeters;
import dev.asyncexample.metrics.FetchMeters;
import dev.asyncexample.tracing.DatabaseSpan;
import dev.asyncexample.tracing.LogContext;
import dev.asyncexample.tracing.RequestContext;
import dev.asyncexample.tracing.Tracing;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import dev.asyncexample.upstream.UpstreamException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.JsonFraming;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The posts the routes answer with, and any other upstream JSON a feature needs ({@link #json}). A
 * request reads the cache first; on a miss it joins or starts one fetch per resource ({@link
 * FetchCoalescer}), which renders the upstream's answer once and keeps it in the cache before any
 * caller sees it.
 */
public final class PostsService {

  private static final Logger log = LoggerFactory.getLogger(PostsService.class);

  private final JsonPlaceholderClient upstream;
  private final ReplyCache cache;
  private final ActorRef<FetchCoalescer.Command> fetches;
  private final ActorSystem<?> system;
  private final Duration askTimeout;
  // Cluster mode only: the owners of each path across the nodes, and whether they hold the answers
  // (the in-process cache, shared through them) or only coalesce (Redis, or no cache).
  private final SharedFetches owners;
  private final boolean ownersHold;
  // How long answers stay fresh, for clients' Cache-Control too; null when nothing is cached.
  private final CacheSettings ttls;
  // Hits and misses of the cache as requests see it (held by the owners, in cluster mode).
  private final CacheMeters cacheMeters;

  private PostsService(
      JsonPlaceholderClient upstream,
      ReplyCache cache,
      ActorRef<FetchCoalescer.Command> fetches,
      ActorSystem<?> system,
      SharedFetches owners,
      boolean ownersHold,
      CacheSettings ttls,
      CacheMeters cacheMeters) {
    this.upstream = upstream;
    this.cacheMeters = cacheMeters;
    this.ttls = ttls;
    this.cache = cache;
    this.fetches = fetches;
    this.system = system;
    this.owners = owners;
    this.ownersHold = ownersHold;
    // The ask outlives the upstream budget slightly, so the upstream timeout (504) always wins.
    this.askTimeout = upstream.timeout().plusSeconds(1);
  }

  /**
   * The application's service, its coalescer spawned as a child of {@code context}, counting its
   * fetches in {@code registry}.
   */
  public static PostsService create(
      ActorContext<?> context,
      JsonPlaceholderClient upstream,
      ReplyCache cache,
      MeterRegistry registry) {
    return create(
        context.getSystem(),
        upstream,
        cache,
        behavior -> context.spawn(behavior, "post-fetches"),
        registry);
  }

  /** The entity type of the paths' owners in cluster mode (for their shard and entity counts). */
  public static EntityTypeKey<?> ownersType() {
    return FetchOwner.TYPE;
  }

  /**
   * The service of a cluster node: each upstream path is fetched by the one node that owns it
   * ({@link FetchOwner}), which with the in-process cache also holds the answer for every node.
   * This node's own coalescer and cache stay as the fallback. A fetch on another node continues its
   * first caller's trace there, through {@code tracing}.
   */
  public static PostsService clustered(
      ActorContext<?> context,
      JsonPlaceholderClient upstream,
      ReplyCache cache,
      ClusterSettings cluster,
      Tracing tracing,
      MeterRegistry registry) {
    boolean hold = cache.enabled() && !cache.settings().redis();
    // Held answers live in the owners; this node's in-process cache would only hold copies.
    ReplyCache kept = hold ? ReplyCache.disabled() : cache;
    PostsService here = create(context, upstream, kept, registry);
    SharedFetches owners =
        SharedFetches.start(
            context,
            new FetchOwner.Policy(
                (resource, request) -> fetchAndKeep(upstream, kept, resource, request),
                tracing,
                hold,
                rendered -> ttlOf(cache.settings(), rendered),
                cluster.maxSharedAnswer(),
                Cluster.get(context.getSystem()).selfMember().address().toString(),
                new FetchMeters(registry, "cluster")),
            cluster.ownerBudget(),
            upstream.timeout(),
            here::fetchHere,
            new FetchMeters(registry, "node"));
    return new PostsService(
        upstream,
        kept,
        here.fetches,
        context.getSystem(),
        owners,
        hold,
        cache.enabled() ? cache.settings() : null,
        cache.meters());
  }

  /**
   * A service whose coalescer is started by {@code spawn} (tests use a test kit).
   *
   * @param spawn starts the coalescer behavior and returns its reference
   */
  public static PostsService create(
      ActorSystem<?> system,
      JsonPlaceholderClient upstream,
      ReplyCache cache,
      Function<Behavior<FetchCoalescer.Command>, ActorRef<FetchCoalescer.Command>> spawn) {
    return create(system, upstream, cache, spawn, AppMetrics.discarding());
  }

  /** As {@link #create(ActorSystem, JsonPlaceholderClient, ReplyCache, Function)}, counted. */
  public static PostsService create(
      ActorSystem<?> system,
      JsonPlaceholderClient upstream,
      ReplyCache cache,
      Function<Behavior<FetchCoalescer.Command>, ActorRef<FetchCoalescer.Command>> spawn,
      MeterRegistry registry) {
    ActorRef<FetchCoalescer.Command> fetches =
        spawn.apply(
            FetchCoalescer.create(
                (resource, context) -> fetchAndKeep(upstream, cache, resource, context),
                new FetchMeters(registry, "node")));
    return new PostsService(
        upstream,
        cache,
        fetches,
        system,
        null,
        false,
        cache.enabled() ? cache.settings() : null,
        cache.meters());
  }

  /** How long one upstream fetch may take (UPSTREAM_TIMEOUT). */
  public Duration fetchBudget() {
    return upstream.timeout();
  }

  /** One post (or {@link Rendered.Kind#MISSING}), and whether it came from the cache. */
  public CompletionStage<Cached<Rendered>> post(int id, RequestContext context, CacheMode mode) {
    return answer(Resource.post(id), context, mode);
  }

  /** Every post, or one user's ({@link Rendered.Kind#EMPTY} when none), and whether cached. */
  public CompletionStage<Cached<Rendered>> posts(
      Optional<Integer> userId, RequestContext context, CacheMode mode) {
    return answer(Resource.posts(userId), context, mode);
  }

  /**
   * Any other upstream JSON, such as a user, a post's comments or a user's todos ({@code
   * pathAndQuery} as {@link JsonPlaceholderClient} builds it), through the same cache, coalescing
   * and client as the posts: {@link Rendered.Kind#FOUND} with the compacted JSON, or {@link
   * Rendered.Kind#MISSING} for an upstream 404. What the JSON must contain is for the caller.
   *
   * @throws IllegalArgumentException for a posts path: those are {@link #post} and {@link #posts}
   */
  public CompletionStage<Cached<Rendered>> json(
      String pathAndQuery, RequestContext context, CacheMode mode) {
    return answer(Resource.json(pathAndQuery), context, mode);
  }

  /**
   * One post as a value, or empty when the upstream has none; served from the cache while fresh.
   */
  public CompletionStage<Optional<Post>> find(int id, RequestContext context) {
    return post(id, context, CacheMode.NORMAL)
        .thenApply(
            cached ->
                cached.value().kind() == Rendered.Kind.FOUND
                    ? Optional.of(PostsRenderer.decodeOne(cached.value().json()))
                    : Optional.empty());
  }

  /**
   * Every post (or one user's), decoded one by one as the upstream sends them, for answers of any
   * size: past the cache and the coalescer, since a stream cannot be shared.
   */
  public Source<Post, NotUsed> stream(Optional<Integer> userId, RequestContext context) {
    return upstream.stream(JsonPlaceholderClient.postsPath(userId), context)
        // One post at most the upstream's answer cap; the whole stream has none.
        .via(JsonFraming.objectScanner(Math.toIntExact(upstream.maxResponseBytes())))
        .map(PostsRenderer::decodeOne)
        .mapError(
            new PFBuilder<Throwable, Throwable>()
                .match(FramingException.class, PostsRenderer::unreadable)
                .build());
  }

  private CompletionStage<Cached<Rendered>> answer(
      Resource resource, RequestContext context, CacheMode mode) {
    if (ownersHold) {
      return owners
          .get(resource, context, mode == CacheMode.REFRESH)
          .thenApply(
              shared -> {
                if (mode != CacheMode.REFRESH) {
                  count(shared.held());
                }
                return Cached.fetched(
                    shared.rendered(),
                    shared.held() ? CacheOutcome.HIT : CacheOutcome.MISS,
                    freshFor(shared.rendered()));
              });
    }
    if (!cache.enabled()) {
      return fetch(resource, context)
          .thenApply(rendered -> Cached.fetched(rendered, CacheOutcome.NOT_CACHED, Duration.ZERO));
    }
    if (mode == CacheMode.REFRESH) {
      // "Fresh or an error": no stale answer for a client that asked for a fresh one.
      return fetchedNow(resource, context);
    }
    return lookup(resource, context)
        .thenCompose(
            hit -> {
              Optional<RenderedCodec.Stored> stored = hit.flatMap(RenderedCodec::decodeStored);
              if (stored.isEmpty()) {
                count(false);
                return fetchedNow(resource, context);
              }
              Rendered rendered = stored.get().rendered();
              Duration age = ageOf(stored.get());
              Duration ttl = freshFor(rendered);
              // Found but expired (kept only for stale-if-error) is a miss: it goes upstream.
              count(age.compareTo(ttl) < 0);
              if (age.compareTo(ttl) < 0) {
                return CompletableFuture.completedStage(
                    new Cached<>(rendered, CacheOutcome.HIT, age, ttl.minus(age)));
              }
              return fetchedNow(resource, context)
                  .exceptionallyCompose(
                      failure ->
                          staleOrFailure(context, resource, rendered, age.minus(ttl), failure));
            });
  }

  /** The cache's answer; a Redis lookup is a span of its own when the request is traced. */
  private CompletionStage<Optional<ByteString>> lookup(Resource resource, RequestContext context) {
    if (!cache.settings().redis()) {
      return cache.lookup(resource.path());
    }
    // ReplyCache never fails a lookup (an outage is a miss), so the span shows its time, not
    // errors.
    return DatabaseSpan.around(context, "redis", "GET", () -> cache.lookup(resource.path()));
  }

  private CompletionStage<Cached<Rendered>> fetchedNow(Resource resource, RequestContext context) {
    return fetch(resource, context)
        .thenApply(rendered -> Cached.fetched(rendered, CacheOutcome.MISS, freshFor(rendered)));
  }

  /**
   * The expired answer, when refreshing it failed the way stale-if-error covers (the upstream's
   * fault, not ours) and it expired less than {@code stale-if-error} ago; otherwise the failure.
   */
  private CompletionStage<Cached<Rendered>> staleOrFailure(
      RequestContext context,
      Resource resource,
      Rendered expired,
      Duration expiredFor,
      Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    boolean upstreamFault = cause instanceof UpstreamException || cause instanceof TimeoutException;
    if (!upstreamFault || expiredFor.compareTo(cache.settings().staleIfError()) >= 0) {
      return CompletableFuture.failedStage(cause);
    }
    LogContext.run(
        context, () -> log.debug("Serving {} stale: {}", resource.path(), cause.getMessage()));
    cacheMeters.staleServed();
    Duration age = expiredFor.plus(freshFor(expired));
    return CompletableFuture.completedStage(
        new Cached<>(expired, CacheOutcome.STALE, age, Duration.ZERO));
  }

  /** Counts a lookup: a hit when a fresh answer is served from the cache. */
  private void count(boolean hit) {
    if (hit) {
      cacheMeters.hit();
    } else {
      cacheMeters.miss();
    }
  }

  private static Duration ageOf(RenderedCodec.Stored stored) {
    return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - stored.fetchedAtMillis()));
  }

  /** How long an answer of this kind is served from the cache; zero without a cache. */
  private Duration freshFor(Rendered rendered) {
    return ttls == null ? Duration.ZERO : ttlOf(ttls, rendered);
  }

  private static Duration ttlOf(CacheSettings settings, Rendered rendered) {
    return rendered.kind() == Rendered.Kind.MISSING ? settings.notFoundTtl() : settings.ttl();
  }

  private CompletionStage<Rendered> fetch(Resource resource, RequestContext context) {
    if (owners != null) {
      return owners.get(resource, context, true).thenApply(SharedFetches.Shared::rendered);
    }
    return fetchHere(resource, context);
  }

  /** This node's own fetch of {@code resource}, joined by this node's concurrent callers. */
  private CompletionStage<Rendered> fetchHere(Resource resource, RequestContext context) {
    return StageBridge.completeOn(
        AskPattern.askWithStatus(
            fetches,
            replyTo -> new FetchCoalescer.Fetch(resource, context, replyTo),
            askTimeout,
            system.scheduler()),
        // The reply arrives on the coalescer's turn as it answers N callers: continue elsewhere.
        system.executionContext());
  }

  /**
   * The coalescer's fetch: one upstream GET, rendered and handed to the cache before any caller
   * sees it, so it is rendered and kept once per fetch however many callers share it.
   */
  private static CompletionStage<Rendered> fetchAndKeep(
      JsonPlaceholderClient upstream, ReplyCache cache, Resource resource, RequestContext context) {
    return upstream
        .get(resource.path(), context)
        .thenApply(
            reply -> {
              Rendered rendered = PostsRenderer.render(resource, reply);
              LogContext.run(context, () -> keep(cache, resource, rendered));
              return rendered;
            });
  }

  /** Found posts for the cache TTL, upstream 404s for the shorter one; failures never. */
  private static void keep(ReplyCache cache, Resource resource, Rendered rendered) {
    if (!cache.enabled()) {
      return;
    }
    // Kept past its TTL for the stale-if-error window; lookups judge freshness from its age.
    Duration kept = ttlOf(cache.settings(), rendered).plus(cache.settings().staleIfError());
    try {
      cache.store(resource.path(), RenderedCodec.encode(rendered), kept);
    } catch (RuntimeException e) {
      log.debug("Not cached: {} ({})", resource.path(), e.toString());
    }
  }
}
