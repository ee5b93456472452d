package dev.asyncexample.upstream;

import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.http.DependencyCheck;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.BreakerMeters;
import dev.asyncexample.metrics.ClientRequests;
import dev.asyncexample.tracing.RequestContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The one class that knows JSONPlaceholder's URLs, over the ActorSystem's connection pool: built
 * once at start, its pool closed by CoordinatedShutdown. It answers bytes; what they mean, and
 * whether to keep them, is for its callers.
 */
public final class JsonPlaceholderClient {

  private static final Duration POOL_CLOSE_BUDGET = Duration.ofSeconds(1);

  private final String baseUrl;
  private final PooledGet pooled;
  private final Duration timeout;
  private final long maxResponseBytes;
  private final ActorSystem<?> system;
  private final UpstreamBreaker breaker;
  private final ClientRequests calls;

  private JsonPlaceholderClient(
      ActorSystem<?> system, UpstreamSettings settings, String baseUrl, MeterRegistry registry) {
    this.system = system;
    this.baseUrl = baseUrl;
    this.timeout = settings.timeout();
    this.maxResponseBytes = settings.maxResponseBytes();
    this.pooled = new PooledGet(system, settings.timeout(), settings.maxResponseBytes());
    this.breaker =
        new UpstreamBreaker(
            system.classicSystem().scheduler(),
            baseUrl,
            settings.breakerFailures(),
            settings.breakerReset(),
            settings.timeout());
    String host = URI.create(baseUrl).getHost();
    var pool = system.settings().config().getConfig("pekko.http.host-connection-pool");
    this.calls =
        new ClientRequests(
            registry, host, pool.getInt("max-connections"), pool.getInt("max-open-requests"));
    BreakerMeters.bind(registry, host, breaker::state);
  }

  /**
   * The application's client of {@code baseUrl}.
   *
   * @param baseUrl the resolved upstream (the embedded one's address when so configured)
   */
  public static JsonPlaceholderClient create(
      ActorSystem<?> system, UpstreamSettings settings, String baseUrl) {
    return create(system, settings, baseUrl, AppMetrics.discarding());
  }

  /**
   * The application's client of {@code baseUrl}, recording its calls in {@code registry}.
   *
   * @param baseUrl the resolved upstream (the embedded one's address when so configured)
   */
  public static JsonPlaceholderClient create(
      ActorSystem<?> system, UpstreamSettings settings, String baseUrl, MeterRegistry registry) {
    // Closing the pool sits next to opening it, as the original's lifespan does with aclose().
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "close-upstream-pool",
            () -> closePools(system));
    return new JsonPlaceholderClient(system, settings, baseUrl, registry);
  }

  /** The path of one post. */
  public static String postPath(int id) {
    return "/posts/" + id;
  }

  /** The path of every post, or of one user's posts. */
  public static String postsPath(Optional<Integer> userId) {
    return userId.map(id -> "/posts?userId=" + id).orElse("/posts");
  }

  /** The path of one user. */
  public static String userPath(int id) {
    return "/users/" + id;
  }

  /** The path of one post's comments. */
  public static String commentsPath(int postId) {
    return "/comments?postId=" + postId;
  }

  /** The path of one user's todos. */
  public static String todosPath(int userId) {
    return "/todos?userId=" + userId;
  }

  /**
   * The template of {@code pathAndQuery}, as this class's path methods build them: the {@code uri}
   * its calls are recorded under, so ids never become label values.
   */
  static String templateOf(String pathAndQuery) {
    if (pathAndQuery.equals("/posts")) {
      return "/posts";
    }
    if (pathAndQuery.startsWith("/posts?userId=")) {
      return "/posts?userId={userId}";
    }
    if (pathAndQuery.startsWith("/posts/")) {
      return "/posts/{id}";
    }
    if (pathAndQuery.startsWith("/users/")) {
      return "/users/{id}";
    }
    if (pathAndQuery.startsWith("/comments?postId=")) {
      return "/comments?postId={postId}";
    }
    if (pathAndQuery.startsWith("/todos?userId=")) {
      return "/todos?userId={userId}";
    }
    return ClientRequests.NO_TEMPLATE;
  }

  /** The budget of one call: waiting for a pooled connection, the headers and the body. */
  public Duration timeout() {
    return timeout;
  }

  /** The largest answer {@link #get} reads; callers may bound the parts of a stream by it too. */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * GETs {@code pathAndQuery} and reads the whole answer (capped at the configured size); fails
   * with an {@link UpstreamException}.
   */
  public CompletionStage<UpstreamReply> get(String pathAndQuery, RequestContext context) {
    return breaker.call(
        () ->
            calls.timed(
                templateOf(pathAndQuery),
                () -> pooled.get(baseUrl + pathAndQuery, templateOf(pathAndQuery), context),
                UpstreamReply::status,
                JsonPlaceholderClient::overflowed),
        reply -> reply.status() >= 500);
  }

  /** Whether a call failed because our own pool was full (counted as an overflow). */
  private static boolean overflowed(Throwable failure) {
    return Failures.unwrap(failure) instanceof UpstreamException known
        && known.kind() == UpstreamException.Kind.OVERLOADED;
  }

  /** What {@code /ready} reports as {@code upstream}: the circuit breaker's state. */
  public DependencyCheck check() {
    return breaker;
  }

  /**
   * GETs {@code pathAndQuery} and streams its body, with no cap on the whole: for answers of any
   * size. The timeout bounds the wait for the headers and any pause in the body; a non-2xx answer
   * fails the source with an {@link UpstreamException}.
   */
  public Source<ByteString, NotUsed> stream(String pathAndQuery, RequestContext context) {
    String url = baseUrl + pathAndQuery;
    // mapAsync over our own stage, not lazyCompletionStageSource: that one chains a callback on a
    // Pekko stage internally, which starts a thread per export on small machines.
    return Source.single(url)
        .mapAsync(
            1,
            unused ->
                breaker.call(
                    () ->
                        calls.timed(
                            templateOf(pathAndQuery),
                            () -> pooled.open(url, templateOf(pathAndQuery), context),
                            response -> response.status().intValue(),
                            JsonPlaceholderClient::overflowed),
                    response -> response.status().intValue() >= 500))
        .flatMapConcat(
            response -> {
              int status = response.status().intValue();
              if (status < 200 || status > 299) {
                response.discardEntityBytes(system);
                throw new UpstreamException(
                    UpstreamException.Kind.BAD_GATEWAY, "Upstream answered " + status);
              }
              return response.entity().getDataBytes().idleTimeout(timeout);
            })
        .mapError(
            new PFBuilder<Throwable, Throwable>()
                .matchAny(failed -> PooledGet.translate(failed, url))
                .build());
  }

  /**
   * Closes the system's connection pools, waiting at most {@link #POOL_CLOSE_BUDGET}: after a pool
   * has overflowed, pekko-http 1.3.0 never completes this call (see docs/findings.md), and the
   * connections close with the ActorSystem anyway.
   */
  private static CompletionStage<Done> closePools(ActorSystem<?> system) {
    return StageBridge.completeOn(
            Http.get(system).shutdownAllConnectionPools(), StageBridge.SAME_THREAD)
        .thenApply(unit -> Done.getInstance())
        .completeOnTimeout(Done.getInstance(), POOL_CLOSE_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
  }
}
