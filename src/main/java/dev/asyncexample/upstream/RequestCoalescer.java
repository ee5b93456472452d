package dev.asyncexample.upstream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

/**
 * Owns the upstream GETs in flight. Callers asking for a URL that is already being fetched join
 * that fetch instead of starting another: N concurrent requests, one upstream call, N answers.
 * Nothing is kept once a fetch completes, so this coalesces, it does not cache.
 */
public final class RequestCoalescer extends AbstractBehavior<RequestCoalescer.Command> {

  /** Messages this actor understands. */
  public sealed interface Command {}

  /** Fetch {@code url}; the answer (or the failure) goes to {@code replyTo}. */
  public record Fetch(String url, String requestId, ActorRef<StatusReply<UpstreamReply>> replyTo)
      implements Command {}

  /** How many callers wait on {@code url} right now (0 when none is in flight). */
  public record CountWaiting(String url, ActorRef<Integer> replyTo) implements Command {}

  private record Completed(String url, UpstreamReply reply, Throwable failure) implements Command {}

  private final BiFunction<String, String, CompletionStage<UpstreamReply>> fetcher;
  private final Map<String, List<ActorRef<StatusReply<UpstreamReply>>>> waiting = new HashMap<>();

  /**
   * A coalescer over {@code fetcher}.
   *
   * @param fetcher does the real call, given the URL and the request id of the first caller
   */
  public static Behavior<Command> create(
      BiFunction<String, String, CompletionStage<UpstreamReply>> fetcher) {
    return Behaviors.setup(context -> new RequestCoalescer(context, fetcher));
  }

  private RequestCoalescer(
      ActorContext<Command> context,
      BiFunction<String, String, CompletionStage<UpstreamReply>> fetcher) {
    super(context);
    this.fetcher = fetcher;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Fetch.class, this::onFetch)
        .onMessage(Completed.class, this::onCompleted)
        .onMessage(CountWaiting.class, this::onCountWaiting)
        .build();
  }

  private Behavior<Command> onFetch(Fetch fetch) {
    List<ActorRef<StatusReply<UpstreamReply>>> callers = waiting.get(fetch.url());
    if (callers != null) {
      callers.add(fetch.replyTo());
      return this;
    }
    callers = new ArrayList<>();
    callers.add(fetch.replyTo());
    waiting.put(fetch.url(), callers);
    getContext()
        .pipeToSelf(start(fetch), (reply, failure) -> new Completed(fetch.url(), reply, failure));
    return this;
  }

  private CompletionStage<UpstreamReply> start(Fetch fetch) {
    try {
      return fetcher.apply(fetch.url(), fetch.requestId());
    } catch (RuntimeException e) {
      // A fetcher that throws instead of failing its stage must not leave callers waiting forever.
      return CompletableFuture.failedFuture(e);
    }
  }

  private Behavior<Command> onCompleted(Completed completed) {
    StatusReply<UpstreamReply> answer =
        completed.failure() == null
            ? StatusReply.success(completed.reply())
            : StatusReply.error(PooledGet.translate(completed.failure(), completed.url()));
    List<ActorRef<StatusReply<UpstreamReply>>> callers = waiting.remove(completed.url());
    callers.forEach(caller -> caller.tell(answer));
    return this;
  }

  private Behavior<Command> onCountWaiting(CountWaiting query) {
    List<ActorRef<StatusReply<UpstreamReply>>> callers = waiting.get(query.url());
    query.replyTo().tell(callers == null ? 0 : callers.size());
    return this;
  }
}
