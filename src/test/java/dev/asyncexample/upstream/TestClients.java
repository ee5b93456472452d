package dev.asyncexample.upstream;

import dev.asyncexample.cache.ReplyCache;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** Builds real clients (pooled, coalescing) for tests outside this package. */
public final class TestClients {

  private static final AtomicInteger names = new AtomicInteger();

  private TestClients() {}

  /**
   * A client of {@code baseUrl} with the given budget and no cache, its coalescer spawned on {@code
   * system}.
   */
  public static JsonPlaceholderClient client(
      org.apache.pekko.actor.ActorSystem system, String baseUrl, Duration timeout) {
    return withCoalescer(system, baseUrl, timeout, ReplyCache.disabled()).client();
  }

  /**
   * As {@link #client(org.apache.pekko.actor.ActorSystem, String, Duration)}, reading through
   * {@code cache}.
   */
  public static JsonPlaceholderClient client(
      org.apache.pekko.actor.ActorSystem system,
      String baseUrl,
      Duration timeout,
      ReplyCache cache) {
    return withCoalescer(system, baseUrl, timeout, cache).client();
  }

  /** A client plus its coalescer, for tests that look inside the coalescer. */
  public record ClientAndCoalescer(
      JsonPlaceholderClient client, ActorRef<RequestCoalescer.Command> coalescer) {}

  public static ClientAndCoalescer withCoalescer(
      org.apache.pekko.actor.ActorSystem system, String baseUrl, Duration timeout) {
    return withCoalescer(system, baseUrl, timeout, ReplyCache.disabled());
  }

  /** A client reading through {@code cache}, plus its coalescer. */
  public static ClientAndCoalescer withCoalescer(
      org.apache.pekko.actor.ActorSystem system,
      String baseUrl,
      Duration timeout,
      ReplyCache cache) {
    ActorSystem<Void> typed = Adapter.toTyped(system);
    UpstreamSettings settings = new UpstreamSettings(baseUrl, timeout, 8 * 1024 * 1024);
    AtomicReference<ActorRef<RequestCoalescer.Command>> spawned = new AtomicReference<>();
    JsonPlaceholderClient client =
        JsonPlaceholderClient.create(
            typed,
            settings,
            baseUrl,
            behavior -> {
              spawned.set(
                  Adapter.spawn(system, behavior, "upstream-requests-" + names.incrementAndGet()));
              return spawned.get();
            },
            cache);
    return new ClientAndCoalescer(client, spawned.get());
  }
}
