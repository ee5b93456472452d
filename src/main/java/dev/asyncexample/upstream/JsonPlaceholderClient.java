package dev.asyncexample.upstream;

import com.fasterxml.jackson.core.JsonParseException;
import dev.asyncexample.concurrent.Stages;
import dev.asyncexample.json.Json;
import dev.asyncexample.json.JsonArrays;
import dev.asyncexample.posts.Post;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
import org.apache.pekko.stream.javadsl.Source;

/**
 * The one class that knows JSONPlaceholder: its URLs and its JSON. Calls go through the {@link
 * RequestCoalescer} to a {@link PooledGet} on the ActorSystem's connection pool; the pool is closed
 * by CoordinatedShutdown.
 */
public final class JsonPlaceholderClient {

  private static final Duration POOL_CLOSE_BUDGET = Duration.ofSeconds(1);

  private final String baseUrl;
  private final ActorRef<RequestCoalescer.Command> requests;
  private final ActorSystem<?> system;
  private final Duration askTimeout;

  private JsonPlaceholderClient(
      String baseUrl,
      ActorRef<RequestCoalescer.Command> requests,
      ActorSystem<?> system,
      Duration askTimeout) {
    this.baseUrl = baseUrl;
    this.requests = requests;
    this.system = system;
    this.askTimeout = askTimeout;
  }

  /**
   * Builds the application's client once, spawning its coalescer as a child of {@code context}.
   *
   * @param baseUrl the resolved upstream (the embedded one's address when so configured)
   */
  public static JsonPlaceholderClient create(
      ActorContext<?> context, UpstreamSettings settings, String baseUrl) {
    return create(
        context.getSystem(),
        settings,
        baseUrl,
        behavior -> context.spawn(behavior, "upstream-requests"));
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
      Function<Behavior<RequestCoalescer.Command>, ActorRef<RequestCoalescer.Command>> spawn) {
    PooledGet pooled = new PooledGet(system, settings.timeout(), settings.maxResponseBytes());
    ActorRef<RequestCoalescer.Command> requests = spawn.apply(RequestCoalescer.create(pooled::get));
    // Closing the pool sits next to opening it, as the original's lifespan does with aclose().
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "close-upstream-pool",
            () -> closePools(system));
    // The ask outlives the upstream budget slightly, so the upstream timeout (504) always wins.
    Duration askTimeout = settings.timeout().plusSeconds(1);
    return new JsonPlaceholderClient(baseUrl, requests, system, askTimeout);
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

  /** One post, or empty when the upstream says 404. */
  public CompletionStage<Optional<Post>> post(int id, String requestId) {
    return fetch("/posts/" + id, requestId)
        .thenApply(
            reply -> {
              if (reply.status() == 404) {
                return Optional.empty();
              }
              requireSuccess(reply);
              try {
                return Optional.of(Json.MAPPER.readValue(reply.body().toArray(), Post.class));
              } catch (IOException e) {
                throw unreadable(e);
              }
            });
  }

  /** All posts, in upstream order, decoded as they are streamed. */
  public CompletionStage<Source<Post, NotUsed>> posts(String requestId) {
    return list("/posts", requestId);
  }

  /** The posts of one user; an empty source when the user has none. */
  public CompletionStage<Source<Post, NotUsed>> postsOfUser(int userId, String requestId) {
    return list("/posts?userId=" + userId, requestId);
  }

  private CompletionStage<Source<Post, NotUsed>> list(String pathAndQuery, String requestId) {
    return fetch(pathAndQuery, requestId)
        .thenApply(
            reply -> {
              requireSuccess(reply);
              try {
                return JsonArrays.elements(
                    reply.body(), Post.class, JsonPlaceholderClient::unreadable);
              } catch (IllegalArgumentException e) {
                throw unreadable(e);
              }
            });
  }

  private CompletionStage<UpstreamReply> fetch(String pathAndQuery, String requestId) {
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

  private static UpstreamException unreadable(Exception cause) {
    String what =
        cause instanceof JsonParseException ? "invalid JSON" : "JSON of an unexpected shape";
    return new UpstreamException(
        UpstreamException.Kind.BAD_GATEWAY, "Upstream sent " + what, cause);
  }
}
