package dev.asyncexample.cache;

import dev.asyncexample.http.DependencyCheck;
import dev.asyncexample.upstream.UpstreamReply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-through cache of upstream answers, keyed by upstream path and query. It fails open: a
 * lookup that errs or outlasts the cache timeout is a miss, and a store is never waited for.
 */
public final class ReplyCache {

  private static final Logger log = LoggerFactory.getLogger(ReplyCache.class);

  private static final ReplyCache DISABLED = new ReplyCache(null, null, null);

  private final CacheSettings settings;
  private final CacheBackend backend;
  private final ActorSystem<?> system;

  private ReplyCache(CacheSettings settings, CacheBackend backend, ActorSystem<?> system) {
    this.settings = settings;
    this.backend = backend;
    this.system = system;
  }

  /**
   * The application's cache, its in-process actor (if any) spawned as a child of {@code context}.
   */
  public static ReplyCache create(ActorContext<?> context, CacheSettings settings) {
    return create(
        context.getSystem(), settings, behavior -> context.spawn(behavior, "reply-cache"));
  }

  /**
   * The cache {@code settings} describe: disabled, in Redis, or in-process.
   *
   * @param spawn starts the in-process cache's behavior and returns its reference
   */
  public static ReplyCache create(
      ActorSystem<?> system,
      CacheSettings settings,
      Function<Behavior<InProcessCache.Command>, ActorRef<InProcessCache.Command>> spawn) {
    if (!settings.enabled()) {
      log.info("Cache: disabled");
      return DISABLED;
    }
    CacheBackend backend;
    if (settings.redis()) {
      log.info(
          "Cache: Redis at {} (ttl {}, 404s {}, timeout {})",
          CacheSettings.withoutPassword(settings.redisUrl()),
          settings.ttl(),
          settings.notFoundTtl(),
          settings.timeout());
      backend = RedisBackend.start(system, settings.redisUrl());
    } else {
      log.info(
          "Cache: in-process, up to {} entries (ttl {}, 404s {})",
          settings.maxEntries(),
          settings.ttl(),
          settings.notFoundTtl());
      backend =
          new InProcessBackend(
              spawn.apply(InProcessCache.create(settings.maxEntries())),
              system,
              settings.timeout());
    }
    return new ReplyCache(settings, backend, system);
  }

  /** A cache over {@code backend} as it is (tests give it one whose behaviour they decide). */
  static ReplyCache over(CacheSettings settings, CacheBackend backend, ActorSystem<?> system) {
    return new ReplyCache(settings, backend, system);
  }

  /** No cache: nothing is looked up or kept, and answers say nothing about a cache. */
  public static ReplyCache disabled() {
    return DISABLED;
  }

  public boolean enabled() {
    return backend != null;
  }

  /**
   * The fresh cached answer for {@code pathAndQuery}, or empty: also when the cache fails or does
   * not answer within the cache timeout. Never fails; completes on the dispatcher.
   */
  public CompletionStage<Optional<UpstreamReply>> lookup(String pathAndQuery) {
    if (backend == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletableFuture<Optional<UpstreamReply>> answer = new CompletableFuture<>();
    Cancellable deadline =
        system
            .scheduler()
            .scheduleOnce(
                settings.timeout(),
                () -> answer.complete(Optional.empty()),
                system.executionContext());
    CompletionStage<Optional<UpstreamReply>> found;
    try {
      found = backend.get(key(pathAndQuery));
    } catch (RuntimeException e) {
      found = CompletableFuture.failedFuture(e);
    }
    var unused =
        found.whenComplete(
            (reply, failure) -> {
              deadline.cancel();
              if (failure != null) {
                // The outage itself is logged once by the backend; each miss it causes is not.
                log.debug("Cache lookup of {} failed: {}", pathAndQuery, failure.toString());
              }
              answer.complete(failure == null ? reply : Optional.empty());
            });
    return answer;
  }

  /**
   * Keeps {@code reply} if it may be cached: a 2xx for the TTL, a 404 for the shorter not-found
   * TTL, nothing else. Returns at once; the outcome is not waited for.
   */
  public void store(String pathAndQuery, UpstreamReply reply) {
    Optional<Duration> ttl = ttlOf(reply);
    if (backend == null || ttl.isEmpty()) {
      return;
    }
    try {
      var unused =
          backend
              .put(key(pathAndQuery), reply, ttl.get())
              .whenComplete(
                  (done, failure) -> {
                    if (failure != null) {
                      log.debug("Cache store of {} failed: {}", pathAndQuery, failure.toString());
                    }
                  });
    } catch (RuntimeException e) {
      log.debug("Cache store of {} failed: {}", pathAndQuery, e.toString());
    }
  }

  /** What {@code /ready} reports as {@code cache}. */
  public DependencyCheck check() {
    return new CacheCheck(settings == null ? "disabled" : settings.backend(), backend);
  }

  private Optional<Duration> ttlOf(UpstreamReply reply) {
    if (reply.status() >= 200 && reply.status() <= 299) {
      return Optional.of(settings.ttl());
    }
    return reply.status() == 404 ? Optional.of(settings.notFoundTtl()) : Optional.empty();
  }

  private String key(String pathAndQuery) {
    return settings.keyPrefix() + pathAndQuery;
  }
}
