package dev.asyncexample.posts;

import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.FetchMeters;
import dev.asyncexample.tracing.RequestContext;
import dev.asyncexample.tracing.SharedWork;
import java.time.Duration;
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
 *
 * <p>A fetch is joined only while it is young ({@link #JOIN_WINDOW}): a caller that comes later
 * starts a fresh one, which the callers after it join. Otherwise a fetch started while the upstream
 * was slow would hold every caller until its timeout, long after the upstream had recovered.
 */
public final class FetchCoalescer extends AbstractBehavior<FetchCoalescer.Command> {

  /** Messages this actor understands. */
  public sealed interface Command {}

  /** Fetch {@code resource}; the answer (or the failure) goes to {@code replyTo}. */
  record Fetch(Resource resource, RequestContext context, ActorRef<StatusReply<Rendered>> replyTo)
      implements Command {}

  /** How many callers wait on the fetch of {@code path} that new callers join (0: none). */
  public record CountWaiting(String path, ActorRef<Integer> replyTo) implements Command {}

  private record Completed(String path, InFlight fetch, Rendered rendered, Throwable failure)
      implements Command {}

  /**
   * One upstream fetch and the callers waiting on it; when traced, the fetch's span (in its first
   * caller's trace) that the callers who join link to, else null.
   */
  private record InFlight(
      long startedNanos, List<ActorRef<StatusReply<Rendered>>> callers, SharedWork work) {}

  /**
   * How long a fetch in flight is joined. Far above a healthy upstream's answer time, so coalescing
   * is untouched then, and far below the upstream timeout: at most one fetch per resource starts
   * per window, however slow the upstream.
   */
  static final Duration JOIN_WINDOW = Duration.ofSeconds(1);

  private final BiFunction<Resource, RequestContext, CompletionStage<Rendered>> fetcher;
  private final long joinWindowNanos;

  /** The fetch new callers join, per path; an older one still in flight keeps its own callers. */
  private final Map<String, InFlight> joinable = new HashMap<>();

  private final FetchMeters meters;

  /**
   * A coalescer over {@code fetcher} that counts nothing.
   *
   * @param fetcher does the real call, given the resource and the context of the first caller
   */
  static Behavior<Command> create(
      BiFunction<Resource, RequestContext, CompletionStage<Rendered>> fetcher) {
    return create(fetcher, new FetchMeters(AppMetrics.discarding(), "node"));
  }

  /**
   * A coalescer over {@code fetcher}.
   *
   * @param fetcher does the real call, given the resource and the context of the first caller
   * @param meters counts the fetches started and the callers that joined one
   */
  static Behavior<Command> create(
      BiFunction<Resource, RequestContext, CompletionStage<Rendered>> fetcher, FetchMeters meters) {
    return create(fetcher, meters, JOIN_WINDOW);
  }

  /** A coalescer over {@code fetcher} that joins fetches younger than {@code joinWindow}. */
  static Behavior<Command> create(
      BiFunction<Resource, RequestContext, CompletionStage<Rendered>> fetcher,
      FetchMeters meters,
      Duration joinWindow) {
    return Behaviors.setup(context -> new FetchCoalescer(context, fetcher, meters, joinWindow));
  }

  private FetchCoalescer(
      ActorContext<Command> context,
      BiFunction<Resource, RequestContext, CompletionStage<Rendered>> fetcher,
      FetchMeters meters,
      Duration joinWindow) {
    super(context);
    this.fetcher = fetcher;
    this.meters = meters;
    this.joinWindowNanos = joinWindow.toNanos();
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
    long now = System.nanoTime();
    InFlight current = joinable.get(path);
    if (current != null && now - current.startedNanos() < joinWindowNanos) {
      current.callers().add(fetch.replyTo());
      meters.joined();
      if (current.work() != null) {
        current.work().join(fetch.context());
      }
      return this;
    }
    meters.started();
    RequestContext context = fetch.context();
    SharedWork work = context.traced() ? SharedWork.start(context, "upstream fetch", path) : null;
    InFlight started = new InFlight(now, new ArrayList<>(), work);
    started.callers().add(fetch.replyTo());
    joinable.put(path, started);
    getContext()
        .pipeToSelf(
            start(fetch.resource(), work == null ? context : work.context()),
            (rendered, failure) -> new Completed(path, started, rendered, failure));
    return this;
  }

  private CompletionStage<Rendered> start(Resource resource, RequestContext context) {
    try {
      return fetcher.apply(resource, context);
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
    // Spans end first, so a caller that hears the answer finds its trace complete.
    if (completed.fetch().work() != null) {
      completed.fetch().work().end(completed.failure());
    }
    completed.fetch().callers().forEach(caller -> caller.tell(answer));
    joinable.remove(completed.path(), completed.fetch());
    return this;
  }

  private Behavior<Command> onCountWaiting(CountWaiting query) {
    InFlight current = joinable.get(query.path());
    query.replyTo().tell(current == null ? 0 : current.callers().size());
    return this;
  }
}
