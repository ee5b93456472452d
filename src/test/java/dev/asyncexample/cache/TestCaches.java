package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.http.DependencyCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** Real caches for tests: the in-process actor or a Redis connection, each on its own keys. */
public final class TestCaches {

  /** The shared Redis of this machine (see testing/Service). */
  public static final String SHARED_REDIS = "redis://127.0.0.1:6379";

  private static final AtomicInteger names = new AtomicInteger();

  private TestCaches() {}

  /** A key prefix no other test uses. */
  public static String uniquePrefix() {
    return "test:" + UUID.randomUUID() + ":";
  }

  /** Settings for tests: {@code redisUrl} ("" for in-process), a fresh prefix, these times. */
  public static CacheSettings settings(
      String redisUrl, Duration ttl, Duration notFoundTtl, Duration timeout) {
    return new CacheSettings(true, redisUrl, uniquePrefix(), ttl, notFoundTtl, timeout, 1_000);
  }

  /** The cache {@code settings} describe, on {@code system}; Redis is closed when it terminates. */
  public static ReplyCache create(ActorSystem system, CacheSettings settings) {
    return ReplyCache.create(
        Adapter.toTyped(system),
        settings,
        behavior -> Adapter.spawn(system, behavior, "reply-cache-" + names.incrementAndGet()));
  }

  /** As {@link #create(ActorSystem, CacheSettings)}, recording its use in {@code registry}. */
  public static ReplyCache create(
      ActorSystem system, CacheSettings settings, MeterRegistry registry) {
    return ReplyCache.create(
        Adapter.toTyped(system),
        settings,
        behavior -> Adapter.spawn(system, behavior, "reply-cache-" + names.incrementAndGet()),
        registry);
  }

  /** Waits until {@code /ready} would report the cache up (a new Redis connection opens async). */
  public static void awaitUp(ReplyCache cache, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    DependencyCheck.State state = state(cache);
    while (!state.state().equals("up") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      state = state(cache);
    }
    assertThat(state.state()).as("cache state: %s", state).isEqualTo("up");
  }

  /** What {@code /ready} reports for the cache right now. */
  public static DependencyCheck.State state(ReplyCache cache) throws Exception {
    return cache.check().check().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
