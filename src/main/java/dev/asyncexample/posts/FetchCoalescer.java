package dev.asyncexample.posts;

import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.FetchMeters;
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
 * Owns the upstream fetches in flight. Callers asking for a resource that is already being fetched
 * join that fetch instead of starting another: N concurrent requests, one upstream call, N answers
 * (the same rendered bytes). Nothing is kept once a fetch completes, so this coalesces, it does not
 * cache.
 */
public final class FetchCoalescer extends AbstractBehavior<FetchCoalescer.Command> {

  /** Messages this actor understands. */
  public sealed interface Command {}

  /** Fetch {@code resource}; the answer (or the failure) goes to {@code replyTo}. */
  record Fetch(Resource resource, String requestId, ActorRef<StatusReply<Rendered>> replyTo)
      implements Command {}

  /** How many callers wait on {@code path} right now (0 when none is in flight). */
  public record CountWaiting(String path, ActorRef<Integer> replyTo) implements Command {}

  private record Completed(String path, Rendered rendered, Throwable failure) implements Command {}

  private final BiFunction<Resource, String, CompletionStage<Rendered>> fetcher;
  private final FetchMeters meters;
  private final Map<String, List<ActorRef<StatusReply<Rendered>>>> waiting = new HashMap<>();

  /**
   * A coalescer over {@code fetcher} that counts nothing.
   *
   * @param fetcher does the real call, given the resource and the request id of the first caller
   */
  static Behavior<Command> create(BiFunction<Resource, String, CompletionStage<Rendered>> fetcher) {
    return create(fetcher, new FetchMeters(AppMetrics.discarding(), "node"));
  }

  /**
   * A coalescer over {@code fetcher}.
   *
   * @param fetcher does the real call, given the resource and the request id of the first caller
   * @param meters counts the fetches started and the callers that joined one
   */
  static Behavior<Command> create(
      BiFunction<Resource, String, CompletionStage<Rendered>> fetcher, FetchMeters meters) {
    return Behaviors.setup(context -> new FetchCoalescer(context, fetcher, meters));
  }

  private FetchCoalescer(
      ActorContext<Command> context,
      BiFunction<Resource, String, CompletionStage<Rendered>> fetcher,
      FetchMeters meters) {
    super(context);
    this.fetcher = fetcher;
    this.meters = meters;
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
    String path = fetch.resource().path();
    List<ActorRef<StatusReply<Rendered>>> callers = waiting.get(path);
    if (callers != null) {
      callers.add(fetch.replyTo());
      meters.joined();
      return this;
    }
    meters.started();
    callers = new ArrayList<>();
    callers.add(fetch.replyTo());
    waiting.put(path, callers);
    getContext()
        .pipeToSelf(start(fetch), (rendered, failure) -> new Completed(path, rendered, failure));
    return this;
  }

  private CompletionStage<Rendered> start(Fetch fetch) {
    try {
      return fetcher.apply(fetch.resource(), fetch.requestId());
    } catch (RuntimeException e) {
      // A fetcher that throws instead of failing its stage must not leave callers waiting forever.
      return CompletableFuture.failedFuture(e);
    }
  }

  private Behavior<Command> onCompleted(Completed completed) {
    StatusReply<Rendered> answer =
        completed.failure() == null
            ? StatusReply.success(completed.rendered())
            : StatusReply.error(Failures.unwrap(completed.failure()));
    waiting.remove(completed.path()).forEach(caller -> caller.tell(answer));
    return this;
  }

  private Behavior<Command> onCountWaiting(CountWaiting query) {
    List<ActorRef<StatusReply<Rendered>>> callers = waiting.get(query.path());
    query.replyTo().tell(callers == null ? 0 : callers.size());
    return this;
  }
}
