package dev.asyncexample.posts;

import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import dev.asyncexample.upstream.UpstreamSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** Builds the real posts service (pooled client, coalescer, cache) for tests in any package. */
public final class TestClients {

  private static final AtomicInteger names = new AtomicInteger();

  private TestClients() {}

  /** The service over {@code baseUrl} with the given budget and no cache. */
  public static PostsService client(
      org.apache.pekko.actor.ActorSystem system, String baseUrl, Duration timeout) {
    return withCoalescer(system, baseUrl, timeout, ReplyCache.disabled()).client();
  }

  /**
   * As {@link #client(org.apache.pekko.actor.ActorSystem, String, Duration)}, over {@code cache}.
   */
  public static PostsService client(
      org.apache.pekko.actor.ActorSystem system,
      String baseUrl,
      Duration timeout,
      ReplyCache cache) {
    return withCoalescer(system, baseUrl, timeout, cache).client();
  }

  /** A service plus its coalescer and upstream client, for tests that look inside them. */
  public record ClientAndCoalescer(
      PostsService client,
      ActorRef<FetchCoalescer.Command> coalescer,
      JsonPlaceholderClient upstream) {}

  public static ClientAndCoalescer withCoalescer(
      org.apache.pekko.actor.ActorSystem system, String baseUrl, Duration timeout) {
    return withCoalescer(system, baseUrl, timeout, ReplyCache.disabled());
  }

  /** A service reading through {@code cache}, plus its coalescer. */
  public static ClientAndCoalescer withCoalescer(
      org.apache.pekko.actor.ActorSystem system,
      String baseUrl,
      Duration timeout,
      ReplyCache cache) {
    return withCoalescer(system, settings(baseUrl, timeout), cache);
  }

  /**
   * Settings for a test client: suites share one client over many deliberate failures, so its
   * breaker never opens. Tests of the breaker give their own.
   */
  public static UpstreamSettings settings(String baseUrl, Duration timeout) {
    return new UpstreamSettings(baseUrl, timeout, 8 * 1024 * 1024, 1000, Duration.ofSeconds(10));
  }

  /** A service over the upstream {@code settings} describe, reading through {@code cache}. */
  public static ClientAndCoalescer withCoalescer(
      org.apache.pekko.actor.ActorSystem system, UpstreamSettings settings, ReplyCache cache) {
    return withCoalescer(system, settings, cache, AppMetrics.discarding());
  }

  /**
   * As {@link #withCoalescer(org.apache.pekko.actor.ActorSystem, UpstreamSettings, ReplyCache)},
   * recording the client's calls and the coalescer's fetches in {@code registry}.
   */
  public static ClientAndCoalescer withCoalescer(
      org.apache.pekko.actor.ActorSystem system,
      UpstreamSettings settings,
      ReplyCache cache,
      MeterRegistry registry) {
    ActorSystem<Void> typed = Adapter.toTyped(system);
    JsonPlaceholderClient upstream =
        JsonPlaceholderClient.create(typed, settings, settings.baseUrl(), registry);
    AtomicReference<ActorRef<FetchCoalescer.Command>> spawned = new AtomicReference<>();
    PostsService service =
        PostsService.create(
            typed,
            upstream,
            cache,
            behavior -> {
              spawned.set(
                  Adapter.spawn(system, behavior, "post-fetches-" + names.incrementAndGet()));
              return spawned.get();
            },
            registry);
    return new ClientAndCoalescer(service, spawned.get(), upstream);
  }
}
