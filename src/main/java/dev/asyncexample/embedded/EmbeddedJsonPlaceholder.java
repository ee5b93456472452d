package dev.asyncexample.embedded;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.config.InvalidSettingsException;
import dev.asyncexample.json.Json;
import dev.asyncexample.lifecycle.ShutdownSignals;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.LoggerFactory;

/**
 * A JSONPlaceholder-compatible upstream on a loopback port, in its own ActorSystem (so its
 * connections are as real as a remote one's), with switches to misbehave and a hit counter. Used by
 * {@code UPSTREAM_BASE_URL=embedded}, by the tests, and on its own through {@link #main}.
 */
public final class EmbeddedJsonPlaceholder extends AllDirectives implements AutoCloseable {

  private static final int MAX_PATHS_COUNTED = 10_000;
  private static final int MAX_REQUEST_IDS_KEPT = 1_000;

  private final PostCatalog catalog;
  private final ActorSystem<Void> system;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicInteger totalHits = new AtomicInteger();
  private final HitWaiters hitWaiters = new HitWaiters();
  private final Map<String, CompletableFuture<Done>> awaitedIds = new ConcurrentHashMap<>();
  private final Queue<String> requestIds = new ArrayBlockingQueue<>(MAX_REQUEST_IDS_KEPT);
  private volatile Failure failure = Failure.NONE;
  private volatile Duration delay = Duration.ZERO;
  private volatile CompletableFuture<Done> gate =
      CompletableFuture.completedFuture(Done.getInstance());
  private volatile ServerBinding binding;

  private EmbeddedJsonPlaceholder(PostCatalog catalog, Config config) {
    this.catalog = catalog;
    // Stopping the upstream must never exit the JVM it shares with the application or a test.
    Config ownConfig =
        ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = off").withFallback(config);
    this.system = ActorSystem.create(Behaviors.empty(), "embedded-jsonplaceholder", ownConfig);
  }

  /** Starts a server on {@code host:port} (0 for any free port) serving {@code posts} posts. */
  public static CompletionStage<EmbeddedJsonPlaceholder> start(
      String host, int port, int posts, Config config) {
    EmbeddedJsonPlaceholder upstream = new EmbeddedJsonPlaceholder(new PostCatalog(posts), config);
    return StageBridge.completeOn(
            Http.get(upstream.system).newServerAt(host, port).bind(upstream.route()),
            StageBridge.SAME_THREAD)
        .handle(
            (bound, failure) -> {
              if (failure != null) {
                upstream.system.terminate();
                throw new IllegalStateException("cannot bind the embedded upstream", failure);
              }
              upstream.binding = bound;
              return upstream;
            });
  }

  /** Runs the embedded upstream on its own, e.g. as an upstream for other tools. */
  public static void main(String[] args) {
    Config config = ConfigFactory.load();
    EmbeddedSettings settings;
    try {
      settings = EmbeddedSettings.from(config);
    } catch (InvalidSettingsException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      System.exit(1);
      return;
    }
    EmbeddedJsonPlaceholder upstream =
        start(settings.host(), settings.port(), settings.posts(), config)
            .toCompletableFuture()
            .join();
    ShutdownSignals.install(upstream.system);
    LoggerFactory.getLogger(EmbeddedJsonPlaceholder.class)
        .info(
            "Embedded JSONPlaceholder serving {} posts on {}",
            settings.posts(),
            upstream.baseUrl());
  }

  /** For example {@code http://127.0.0.1:41234}, no trailing slash. */
  public String baseUrl() {
    return "http://"
        + binding.localAddress().getAddress().getHostAddress()
        + ":"
        + binding.localAddress().getPort();
  }

  /** From now on, every request fails this way ({@link Failure#NONE} to recover). */
  public void fail(Failure mode) {
    this.failure = mode;
  }

  /** From now on, every answer waits this long first. */
  public void delay(Duration wait) {
    this.delay = wait;
  }

  /**
   * Holds every answer (already received requests too) until the returned gate is released; lets a
   * test keep requests in flight without sleeping.
   */
  public Gate hold() {
    CompletableFuture<Done> held = new CompletableFuture<>();
    this.gate = held;
    return () -> held.complete(Done.getInstance());
  }

  /** Opens a held gate. */
  @FunctionalInterface
  public interface Gate {
    void release();
  }

  /** Requests received for a path with its query, e.g. {@code /posts?userId=1}. */
  public int hits(String pathAndQuery) {
    AtomicInteger count = hits.get(pathAndQuery);
    return count == null ? 0 : count.get();
  }

  public int totalHits() {
    return totalHits.get();
  }

  /** Completes once at least {@code count} requests have been received in total. */
  public CompletionStage<Integer> awaitHits(int count) {
    return hitWaiters.await(count, totalHits::get);
  }

  /** The {@code X-Request-Id}s received, oldest first (the last 1,000; absent ones as "-"). */
  public List<String> requestIds() {
    return List.copyOf(requestIds);
  }

  /** Completes once a request carrying {@code X-Request-Id: requestId} has arrived. */
  public CompletionStage<Done> awaitRequest(String requestId) {
    CompletableFuture<Done> arrived =
        awaitedIds.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    // Registered before looking, and recorded before notifying, so no arrival is missed.
    if (requestIds.contains(requestId)) {
      awaitedIds.remove(requestId);
      arrived.complete(Done.getInstance());
    }
    return arrived;
  }

  /** Back to a well-behaved upstream with no recorded hits. */
  public void reset() {
    failure = Failure.NONE;
    delay = Duration.ZERO;
    gate.complete(Done.getInstance());
    hits.clear();
    requestIds.clear();
    totalHits.set(0);
  }

  public CompletionStage<Done> stop() {
    gate.complete(Done.getInstance());
    system.terminate();
    return system.getWhenTerminated();
  }

  @Override
  public void close() {
    stop().toCompletableFuture().join();
  }

  private Route route() {
    return handleRejections(
        RejectionHandler.newBuilder()
            .handleNotFound(json(StatusCodes.NOT_FOUND, Map.of()))
            .build()
            .withFallback(RejectionHandler.defaultHandler()),
        () -> extractRequest(request -> misbehaving(request, this::posts)));
  }

  private Route posts() {
    return get(
        () ->
            concat(
                path(
                    "posts",
                    () ->
                        parameterOptional(
                            "userId",
                            userId ->
                                json(
                                    StatusCodes.OK,
                                    userId.map(this::byUser).orElse(catalog.all())))),
                path(
                    segment("posts").slash(segment()),
                    id ->
                        parseInt(id)
                            .flatMap(catalog::byId)
                            .map(post -> json(StatusCodes.OK, post))
                            .orElseGet(() -> json(StatusCodes.NOT_FOUND, Map.of())))));
  }

  private Object byUser(String userId) {
    // Like JSONPlaceholder: an unknown or non-numeric user is an empty list, not an error.
    return parseInt(userId).map(catalog::byUser).orElse(List.of());
  }

  private Route misbehaving(HttpRequest request, Supplier<Route> normal) {
    String key =
        request.getUri().path() + request.getUri().rawQueryString().map(q -> "?" + q).orElse("");
    record(key, request.getHeader("X-Request-Id").map(h -> h.value()).orElse("-"));
    hitWaiters.signal(totalHits.incrementAndGet());
    // The switches are read on arrival, so a test can change them while requests are held.
    Failure mode = failure;
    Duration wait = delay;
    CompletionStage<Done> ready =
        gate.thenCompose(
            open ->
                wait.isZero()
                    ? CompletableFuture.completedFuture(open)
                    : Patterns.after(wait, system, () -> CompletableFuture.completedFuture(open)));
    return onSuccess(ready, open -> answer(mode, normal));
  }

  /**
   * Counts a request. The records are for tests and demos, so they are capped: a long-running
   * embedded upstream must not grow without bound (only the totals keep counting past the caps).
   */
  private void record(String pathAndQuery, String requestId) {
    AtomicInteger count = hits.get(pathAndQuery);
    if (count == null && hits.size() < MAX_PATHS_COUNTED) {
      count = hits.computeIfAbsent(pathAndQuery, k -> new AtomicInteger());
    }
    if (count != null) {
      count.incrementAndGet();
    }
    while (!requestIds.offer(requestId)) {
      requestIds.poll();
    }
    CompletableFuture<Done> awaited = awaitedIds.remove(requestId);
    if (awaited != null) {
      awaited.complete(Done.getInstance());
    }
  }

  private Route answer(Failure mode, Supplier<Route> normal) {
    return switch (mode) {
      case NONE -> normal.get();
      case SERVER_ERROR -> json(StatusCodes.INTERNAL_SERVER_ERROR, Map.of("error", "boom"));
      case MALFORMED_JSON ->
          complete(
              HttpResponse.create()
                  .withEntity(
                      HttpEntities.create(
                          ContentTypes.APPLICATION_JSON, "[{\"userId\": 1, \"id\"")));
      case WRONG_SHAPE -> json(StatusCodes.OK, Map.of("unexpected", true));
      case CONNECTION_RESET ->
          complete(
              HttpResponse.create()
                  .withEntity(
                      HttpEntities.create(
                          ContentTypes.APPLICATION_JSON,
                          1024,
                          Source.<ByteString>failed(new DeliberateReset()))));
    };
  }

  private Route json(StatusCode status, Object body) {
    return complete(HttpResponse.create().withStatus(status).withEntity(Json.entity(body)));
  }

  private static Optional<Integer> parseInt(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The failure behind {@link Failure#CONNECTION_RESET}; it is on purpose, so it has no stack. */
  private static final class DeliberateReset extends IOException {
    private static final long serialVersionUID = 1L;

    DeliberateReset() {
      super("connection reset on purpose");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
