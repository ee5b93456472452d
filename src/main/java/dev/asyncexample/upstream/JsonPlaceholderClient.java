package dev.asyncexample.upstream;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.cache.CacheOutcome;
import dev.asyncexample.cache.Cached;
import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.concurrent.Stages;
import dev.asyncexample.json.Json;
import dev.asyncexample.json.JsonArrays;
import dev.asyncexample.posts.Post;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.JsonFraming;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one class that knows JSONPlaceholder: its URLs and its JSON. Calls read through the {@link
 * ReplyCache}, then go through the {@link RequestCoalescer} to a {@link PooledGet} on the
 * ActorSystem's connection pool; the pool is closed by CoordinatedShutdown.
 */
public final class JsonPlaceholderClient {

  private static final Logger log = LoggerFactory.getLogger(JsonPlaceholderClient.class);

  private static final Duration POOL_CLOSE_BUDGET = Duration.ofSeconds(1);

  private final String baseUrl;
  private final ActorRef<RequestCoalescer.Command> requests;
  private final ActorSystem<?> system;
  private final Duration askTimeout;
  private final ReplyCache cache;
  private final UpstreamSettings settings;

  private JsonPlaceholderClient(
      String baseUrl,
      ActorRef<RequestCoalescer.Command> requests,
      ActorSystem<?> system,
      Duration askTimeout,
      ReplyCache cache,
      UpstreamSettings settings) {
    this.baseUrl = baseUrl;
    this.requests = requests;
    this.system = system;
    this.askTimeout = askTimeout;
    this.cache = cache;
    this.settings = settings;
  }

  /**
   * Builds a client without a cache, spawning its coalescer as a child of {@code context}.
   *
   * @param baseUrl the resolved upstream (the embedded one's address when so configured)
   */
  public static JsonPlaceholderClient create(
      ActorContext<?> context, UpstreamSettings settings, String baseUrl) {
    return create(context, settings, baseUrl, ReplyCache.disabled());
  }

  /**
   * Builds the application's client once, reading through {@code cache}, spawning its coalescer as
   * a child of {@code context}.
   *
   * @param baseUrl the resolved upstream (the embedded one's address when so configured)
   */
  public static JsonPlaceholderClient create(
      ActorContext<?> context, UpstreamSettings settings, String baseUrl, ReplyCache cache) {
    return create(
        context.getSystem(),
        settings,
        baseUrl,
        behavior -> context.spawn(behavior, "upstream-requests"),
        cache);
  }

  /**
   * Builds a client whose coalescer is started by {@code spawn} (tests use a test kit).
   *
   * @param spawn starts the coalescer behavior and returns its reference
   */
  static JsonPlaceholderClient create(
      ActorSystem<?> system,
      UpstreamSettings settings,
      String baseUrl,
      Function<Behavior<RequestCoalescer.Command>, ActorRef<RequestCoalescer.Command>> spawn,
      ReplyCache cache) {
    PooledGet pooled = new PooledGet(system, settings.timeout(), settings.maxResponseBytes());
    ActorRef<RequestCoalescer.Command> requests =
        spawn.apply(RequestCoalescer.create(storingIn(cache, baseUrl, pooled)));
    // Closing the pool sits next to opening it, as the original's lifespan does with aclose().
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "close-upstream-pool",
            () -> closePools(system));
    // The ask outlives the upstream budget slightly, so the upstream timeout (504) always wins.
    Duration askTimeout = settings.timeout().plusSeconds(1);
    return new JsonPlaceholderClient(baseUrl, requests, system, askTimeout, cache, settings);
  }

  /**
   * The coalescer's fetch: one upstream GET, whose answer is handed to {@code cache} before any
   * caller sees it, so it is kept once per fetch however many callers share it.
   */
  private static BiFunction<String, String, CompletionStage<UpstreamReply>> storingIn(
      ReplyCache cache, String baseUrl, PooledGet pooled) {
    if (!cache.enabled()) {
      return pooled::get;
    }
    return (url, requestId) ->
        pooled
            .get(url, requestId)
            .thenApply(
                reply -> {
                  keep(cache, url.substring(baseUrl.length()), reply);
                  return reply;
                });
  }

  /** Hands {@code reply} to the cache; nothing that goes wrong here may fail the fetch. */
  private static void keep(ReplyCache cache, String pathAndQuery, UpstreamReply reply) {
    try {
      // A body that is not even JSON would only be a 502 served from the cache.
      if (isJson(reply)) {
        cache.store(pathAndQuery, reply);
      }
    } catch (RuntimeException e) {
      log.debug("Not cached: {} ({})", pathAndQuery, e.toString());
    }
  }

  /**
   * Closes the system's connection pools, waiting at most {@link #POOL_CLOSE_BUDGET}: after a pool
   * has overflowed, pekko-http 1.3.0 never completes this call (see README, Findings), and the
   * connections close with the ActorSystem anyway.
   */
  private static CompletionStage<Done> closePools(ActorSystem<?> system) {
    return Stages.plain(Http.get(system).shutdownAllConnectionPools(), Stages.SAME_THREAD)
        .thenApply(unit -> Done.getInstance())
        .completeOnTimeout(Done.getInstance(), POOL_CLOSE_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One post, or empty when the upstream says 404; served from the cache while fresh. */
  public CompletionStage<Optional<Post>> post(int id, String requestId) {
    return post(id, requestId, CacheMode.NORMAL).thenApply(Cached::value);
  }

  /** One post, or empty when the upstream says 404, and whether it came from the cache. */
  public CompletionStage<Cached<Optional<Post>>> post(int id, String requestId, CacheMode mode) {
    return fetch("/posts/" + id, requestId, mode)
        .thenApply(cached -> cached.map(JsonPlaceholderClient::decodePost));
  }

  /**
   * All posts, in upstream order, decoded as they are streamed; served from the cache while fresh.
   */
  public CompletionStage<Source<Post, NotUsed>> posts(String requestId) {
    return posts(requestId, CacheMode.NORMAL).thenApply(Cached::value);
  }

  /** All posts, in upstream order, decoded as they are streamed, and whether they were cached. */
  public CompletionStage<Cached<Source<Post, NotUsed>>> posts(String requestId, CacheMode mode) {
    return list("/posts", requestId, mode);
  }

  /**
   * The posts of one user; an empty source when the user has none. Served from the cache while
   * fresh.
   */
  public CompletionStage<Source<Post, NotUsed>> postsOfUser(int userId, String requestId) {
    return postsOfUser(userId, requestId, CacheMode.NORMAL).thenApply(Cached::value);
  }

  /** The posts of one user (an empty source when none), and whether they came from the cache. */
  public CompletionStage<Cached<Source<Post, NotUsed>>> postsOfUser(
      int userId, String requestId, CacheMode mode) {
    return list("/posts?userId=" + userId, requestId, mode);
  }

  /**
   * All posts (or one user's), streamed from the upstream and decoded one by one, for exports of
   * any size: one GET on the same pool, past the cache and the coalescer (a stream cannot be
   * shared), with no cap on the whole body. {@code timeout} bounds the wait for the headers and any
   * pause in the body; a non-2xx answer fails the source with an {@link UpstreamException}.
   */
  public Source<Post, NotUsed> streamPosts(Optional<Integer> userId, String requestId) {
    String url = baseUrl + "/posts" + userId.map(id -> "?userId=" + id).orElse("");
    return Source.lazyCompletionStageSource(() -> openStream(url, requestId))
        .mapMaterializedValue(unused -> NotUsed.notUsed());
  }

  private CompletionStage<Source<Post, NotUsed>> openStream(String url, String requestId) {
    HttpRequest request =
        HttpRequest.GET(url).addHeader(RawHeader.create("X-Request-Id", requestId));
    CompletableFuture<HttpResponse> answered = new CompletableFuture<>();
    try {
      // As in PooledGet: a response that arrives after the deadline is discarded at once.
      var unused =
          Http.get(system)
              .singleRequest(request)
              .whenCompleteAsync(
                  (response, failure) -> {
                    if (failure != null) {
                      answered.completeExceptionally(failure);
                    } else if (!answered.complete(response)) {
                      response.discardEntityBytes(system);
                    }
                  },
                  Stages.SAME_THREAD);
    } catch (RuntimeException e) {
      answered.completeExceptionally(e);
    }
    return answered
        .orTimeout(settings.timeout().toNanos(), TimeUnit.NANOSECONDS)
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw PooledGet.translate(failure, url);
              }
              int status = response.status().intValue();
              if (status < 200 || status > 299) {
                response.discardEntityBytes(system);
                throw new UpstreamException(
                    UpstreamException.Kind.BAD_GATEWAY, "Upstream answered " + status);
              }
              return response
                  .entity()
                  .getDataBytes()
                  .idleTimeout(settings.timeout())
                  // One post at most max-response-size; the whole body has no cap.
                  .via(JsonFraming.objectScanner(Math.toIntExact(settings.maxResponseBytes())))
                  .map(JsonPlaceholderClient::decodeElement)
                  .mapError(
                      new PFBuilder<Throwable, Throwable>()
                          .match(FramingException.class, JsonPlaceholderClient::unreadable)
                          .matchAny(failed -> PooledGet.translate(failed, url))
                          .build())
                  .mapMaterializedValue(unused -> NotUsed.notUsed());
            });
  }

  private static Post decodeElement(ByteString json) {
    try {
      return Json.MAPPER.readValue(json.toArray(), Post.class);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private CompletionStage<Cached<Source<Post, NotUsed>>> list(
      String pathAndQuery, String requestId, CacheMode mode) {
    return fetch(pathAndQuery, requestId, mode)
        .thenApply(cached -> cached.map(JsonPlaceholderClient::decodeList));
  }

  private static Optional<Post> decodePost(UpstreamReply reply) {
    if (reply.status() == 404) {
      return Optional.empty();
    }
    requireSuccess(reply);
    try {
      return Optional.of(Json.MAPPER.readValue(reply.body().toArray(), Post.class));
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static Source<Post, NotUsed> decodeList(UpstreamReply reply) {
    requireSuccess(reply);
    try {
      return JsonArrays.elements(reply.body(), Post.class, JsonPlaceholderClient::unreadable);
    } catch (IllegalArgumentException e) {
      throw unreadable(e);
    }
  }

  /**
   * The answer for {@code pathAndQuery}: from the cache when it has a fresh one and {@code mode}
   * allows reading it, otherwise from the upstream. The cache fails open (see {@link ReplyCache}).
   */
  private CompletionStage<Cached<UpstreamReply>> fetch(
      String pathAndQuery, String requestId, CacheMode mode) {
    if (!cache.enabled()) {
      return ask(pathAndQuery, requestId)
          .thenApply(reply -> new Cached<>(reply, CacheOutcome.NOT_CACHED));
    }
    CompletionStage<Optional<UpstreamReply>> found =
        mode == CacheMode.NORMAL
            ? cache.lookup(pathAndQuery)
            : CompletableFuture.completedFuture(Optional.empty());
    return found.thenCompose(
        hit ->
            hit.isPresent()
                ? CompletableFuture.completedFuture(new Cached<>(hit.get(), CacheOutcome.HIT))
                : ask(pathAndQuery, requestId)
                    .thenApply(reply -> new Cached<>(reply, CacheOutcome.MISS)));
  }

  private CompletionStage<UpstreamReply> ask(String pathAndQuery, String requestId) {
    String url = baseUrl + pathAndQuery;
    // Decoding runs on the dispatcher, not inside the coalescer's turn as it answers N callers.
    return Stages.plain(
        AskPattern.askWithStatus(
            requests,
            replyTo -> new RequestCoalescer.Fetch(url, requestId, replyTo),
            askTimeout,
            system.scheduler()),
        system.executionContext());
  }

  private static void requireSuccess(UpstreamReply reply) {
    if (reply.status() < 200 || reply.status() > 299) {
      throw new UpstreamException(
          UpstreamException.Kind.BAD_GATEWAY, "Upstream answered " + reply.status());
    }
  }

  /** Whether the body is well-formed JSON; read as tokens, without building anything. */
  private static boolean isJson(UpstreamReply reply) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(reply.body().toArray())) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  private static UpstreamException unreadable(Exception cause) {
    if (cause instanceof FramingException) {
      return new UpstreamException(
          UpstreamException.Kind.BAD_GATEWAY, "Upstream sent invalid JSON", cause);
    }
    String what =
        cause instanceof JsonParseException ? "invalid JSON" : "JSON of an unexpected shape";
    return new UpstreamException(
        UpstreamException.Kind.BAD_GATEWAY, "Upstream sent " + what, cause);
  }
}
