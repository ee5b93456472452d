package dev.asyncexample.posts;

import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import dev.asyncexample.upstream.UpstreamSettings;
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

  /** A service plus its coalescer, for tests that look inside the coalescer. */
  public record ClientAndCoalescer(
      PostsService client, ActorRef<FetchCoalescer.Command> coalescer) {}

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
    ActorSystem<Void> typed = Adapter.toTyped(system);
    JsonPlaceholderClient upstream =
        JsonPlaceholderClient.create(
            typed, new UpstreamSettings(baseUrl, timeout, 8 * 1024 * 1024), baseUrl);
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
            });
    return new ClientAndCoalescer(service, spawned.get());
  }
}
