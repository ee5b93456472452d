package dev.asyncexample.cache;

import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.http.DependencyCheck;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.util.ByteString;

/**
 * The cache in Redis, over one Lettuce connection for the whole application: opened at start (and
 * retried until it opens), reconnected by Lettuce when lost, closed by CoordinatedShutdown.
 * Commands fail at once while Redis is unreachable, so a request never waits for it.
 */
final class RedisBackend implements CacheBackend {

  /** Lettuce gives up a TCP connect after this; a dead host must not hold the retry loop long. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /**
   * Lettuce cancels a command after this. Requests stop waiting much earlier (the cache timeout);
   * this only keeps a stalled Redis from piling commands up.
   */
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

  /** Commands waiting to be written or answered; past this they fail at once. */
  private static final int REQUEST_QUEUE_SIZE = 1024;

  private static final Duration FIRST_RETRY = Duration.ofMillis(200);
  private static final Duration LAST_RETRY = Duration.ofSeconds(5);
  private static final Duration CLOSE_BUDGET = Duration.ofSeconds(1);

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final ActorSystem<?> system;
  private final Executor dispatcher;
  private final RedisURI uri;
  private final ClientResources resources;
  private final RedisClient client;
  private final ConnectionState state;
  private final AtomicReference<StatefulRedisConnection<String, byte[]>> connection =
      new AtomicReference<>();
  private final AtomicReference<Cancellable> retry = new AtomicReference<>();
  private volatile boolean closing;

  private RedisBackend(ActorSystem<?> system, String redisUrl) {
    this.system = system;
    this.dispatcher = system.executionContext();
    this.uri = RedisURI.create(redisUrl);
    uri.setTimeout(COMMAND_TIMEOUT);
    this.state = new ConnectionState(uri.getHost() + ":" + uri.getPort());
    // One I/O thread is plenty for one connection; reconnects back off to at most LAST_RETRY.
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(1)
            .computationThreadPoolSize(1)
            .reconnectDelay(
                Delay.exponential(Duration.ofMillis(10), LAST_RETRY, 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .requestQueueSize(REQUEST_QUEUE_SIZE)
            .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
            .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
            .build());
    client.addListener(new StateListener());
  }

  /**
   * Starts connecting to {@code redisUrl} and registers the close with CoordinatedShutdown. Returns
   * at once: until the connection is open, every lookup is a miss.
   */
  static RedisBackend start(ActorSystem<?> system, String redisUrl) {
    RedisBackend backend = new RedisBackend(system, redisUrl);
    backend.connect(FIRST_RETRY);
    CoordinatedShutdown.get(system)
        .addTask(CoordinatedShutdown.PhaseServiceStop(), "close-redis-cache", backend::close);
    return backend;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public CompletionStage<Optional<ByteString>> get(String key) {
    StatefulRedisConnection<String, byte[]> open = connection.get();
    if (open == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
    }
    return StageBridge.completeOn(open.async().get(key), dispatcher)
        .thenApply(bytes -> Optional.ofNullable(bytes).map(ByteString::fromArrayUnsafe));
  }

  @Override
  public CompletionStage<Void> put(String key, ByteString value, Duration ttl) {
    StatefulRedisConnection<String, byte[]> open = connection.get();
    if (open == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
    }
    return StageBridge.completeOn(
            open.async().set(key, value.toArrayUnsafe(), SetArgs.Builder.px(ttl)), dispatcher)
        .thenApply(ok -> null);
  }

  @Override
  public CompletionStage<DependencyCheck.State> state() {
    StatefulRedisConnection<String, byte[]> open = connection.get();
    if (open == null || !state.isUp()) {
      return CompletableFuture.completedFuture(DependencyCheck.State.down(name(), state.detail()));
    }
    return StageBridge.completeOn(open.async().ping(), dispatcher)
        .handle(
            (pong, failure) ->
                failure == null
                    ? DependencyCheck.State.up(name())
                    : DependencyCheck.State.down(name(), describe(failure)));
  }

  /**
   * The first connect. Lettuce reconnects an open connection by itself, but does not retry a
   * connect that never succeeded, so that one is retried here, backing off to {@link #LAST_RETRY}.
   */
  private void connect(Duration nextRetry) {
    if (closing) {
      return;
    }
    var unused =
        StageBridge.completeOn(client.connectAsync(CODEC, uri), dispatcher)
            .whenComplete(
                (opened, failure) -> {
                  if (failure == null) {
                    opened(opened);
                    return;
                  }
                  state.down(describe(failure));
                  Duration after = nextRetry.multipliedBy(2);
                  retry.set(
                      system
                          .scheduler()
                          .scheduleOnce(
                              nextRetry,
                              () -> connect(after.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : after),
                              system.executionContext()));
                });
  }

  private void opened(StatefulRedisConnection<String, byte[]> opened) {
    connection.set(opened);
    if (closing) {
      // Shutdown began while this connect was under way; close() may have missed it.
      var unused = opened.closeAsync();
      return;
    }
    state.up();
  }

  private CompletionStage<Done> close() {
    closing = true;
    Cancellable pending = retry.get();
    if (pending != null) {
      pending.cancel();
    }
    StatefulRedisConnection<String, byte[]> open = connection.get();
    CompletableFuture<Void> closed =
        open == null ? CompletableFuture.completedFuture(null) : open.closeAsync();
    return bounded(closed)
        .thenCompose(
            unit ->
                bounded(client.shutdownAsync(0, CLOSE_BUDGET.toMillis(), TimeUnit.MILLISECONDS)))
        .thenCompose(unit -> bounded(shutdown(resources)))
        .thenApply(unit -> Done.getInstance());
  }

  private static CompletableFuture<Void> shutdown(ClientResources resources) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    resources
        .shutdown(0, CLOSE_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
        .addListener(future -> done.complete(null));
    return done;
  }

  /** Waits at most {@link #CLOSE_BUDGET}, and never fails: shutdown goes on regardless. */
  private static CompletableFuture<Void> bounded(CompletionStage<Void> step) {
    return StageBridge.completeOn(step, StageBridge.SAME_THREAD)
        .exceptionally(failure -> null)
        .completeOnTimeout(null, CLOSE_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** Follows Lettuce's view of the connection; during shutdown the losses are expected. */
  private final class StateListener implements RedisConnectionStateListener {
    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
      if (!closing && connection.get() != null) {
        state.up();
      }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      if (!closing) {
        state.down("connection lost");
      }
    }
  }
}
