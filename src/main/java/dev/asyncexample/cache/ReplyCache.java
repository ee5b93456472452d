package dev.asyncexample.cache;

import dev.asyncexample.http.DependencyCheck;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.CacheMeters;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's cache: bytes under a key, each kept for the time its owner gives. It fails
 * open: a lookup that errs or outlasts the cache timeout is a miss, and a store is never waited
 * for. What the bytes mean, and how long they are worth keeping, is the caller's business.
 */
public final class ReplyCache {

  private static final Logger log = LoggerFactory.getLogger(ReplyCache.class);

  private static final ReplyCache DISABLED =
      new ReplyCache(null, null, null, new CacheMeters(AppMetrics.discarding(), "disabled"));

  private final CacheSettings settings;
  private final CacheBackend backend;
  private final ActorSystem<?> system;
  private final CacheMeters meters;

  private ReplyCache(
      CacheSettings settings, CacheBackend backend, ActorSystem<?> system, CacheMeters meters) {
    this.settings = settings;
    this.backend = backend;
    this.system = system;
    this.meters = meters;
  }

  /**
   * The application's cache, its in-process actor (if any) spawned as a child of {@code context}.
   */
  public static ReplyCache create(
      ActorContext<?> context, CacheSettings settings, MeterRegistry registry) {
    return create(
        context.getSystem(),
        settings,
        behavior -> context.spawn(behavior, "reply-cache"),
        registry);
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
    return create(system, settings, spawn, AppMetrics.discarding());
  }

  /**
   * As {@link #create(ActorSystem, CacheSettings, Function)}, recording its use in {@code
   * registry}.
   */
  public static ReplyCache create(
      ActorSystem<?> system,
      CacheSettings settings,
      Function<Behavior<InProcessCache.Command>, ActorRef<InProcessCache.Command>> spawn,
      MeterRegistry registry) {
    if (!settings.enabled()) {
      log.info("Cache: disabled");
      return DISABLED;
    }
    CacheBackend backend;
    CacheMeters meters = new CacheMeters(registry, settings.backend());
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
              spawn.apply(InProcessCache.create(settings.maxEntries(), meters.withSize())),
              system,
              settings.timeout());
    }
    return new ReplyCache(settings, backend, system, meters);
  }

  /** A cache over {@code backend} as it is (tests give it one whose behaviour they decide). */
  static ReplyCache over(CacheSettings settings, CacheBackend backend, ActorSystem<?> system) {
    return new ReplyCache(
        settings, backend, system, new CacheMeters(AppMetrics.discarding(), backend.name()));
  }

  /** No cache: nothing is looked up or kept, and answers say nothing about a cache. */
  public static ReplyCache disabled() {
    return DISABLED;
  }

  public boolean enabled() {
    return backend != null;
  }

  /**
   * Where this cache's use is recorded. Whether a lookup is a hit is for the caller to say, who
   * judges the freshness of what it found.
   */
  public CacheMeters meters() {
    return meters;
  }

  /** How long values are kept, and the other settings this cache runs with. */
  public CacheSettings settings() {
    return settings;
  }

  /**
   * The fresh value under {@code key}, or empty: also when the cache fails or does not answer
   * within the cache timeout. Never fails; completes on the dispatcher.
   */
  public CompletionStage<Optional<ByteString>> lookup(String key) {
    if (backend == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletableFuture<Optional<ByteString>> answer = new CompletableFuture<>();
    Cancellable deadline =
        system
            .scheduler()
            .scheduleOnce(
                settings.timeout(),
                () -> {
                  if (answer.complete(Optional.empty())) {
                    meters.getTimedOut();
                  }
                },
                system.executionContext());
    CompletionStage<Optional<ByteString>> found;
    try {
      found = backend.get(prefixed(key));
    } catch (RuntimeException e) {
      found = CompletableFuture.failedFuture(e);
    }
    var unused =
        found.whenComplete(
            (value, failure) -> {
              deadline.cancel();
              if (failure != null) {
                // The outage itself is logged once by the backend; each miss it causes is not.
                log.debug("Cache lookup of {} failed: {}", key, failure.toString());
                meters.getFailed();
              }
              answer.complete(failure == null ? value : Optional.empty());
            });
    return answer;
  }

  /**
   * Keeps {@code value} under {@code key} for {@code ttl}. Returns at once; nothing waits for it.
   */
  public void store(String key, ByteString value, Duration ttl) {
    if (backend == null) {
      return;
    }
    meters.put();
    try {
      var unused =
          backend
              .put(prefixed(key), value, ttl)
              .whenComplete(
                  (done, failure) -> {
                    if (failure != null) {
                      log.debug("Cache store of {} failed: {}", key, failure.toString());
                      meters.putFailed();
                    }
                  });
    } catch (RuntimeException e) {
      log.debug("Cache store of {} failed: {}", key, e.toString());
      meters.putFailed();
    }
  }

  /** What {@code /ready} reports as {@code cache}. */
  public DependencyCheck check() {
    return new CacheCheck(settings == null ? "disabled" : settings.backend(), backend);
  }

  private String prefixed(String key) {
    return settings.keyPrefix() + key;
  }
}
