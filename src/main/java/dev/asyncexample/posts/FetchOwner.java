package dev.asyncexample.posts;

import dev.asyncexample.cluster.CborSerializable;
import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.FetchMeters;
import dev.asyncexample.tracing.RequestContext;
import dev.asyncexample.tracing.SharedWork;
import dev.asyncexample.tracing.TraceHeaders;
import dev.asyncexample.tracing.Tracing;
import dev.asyncexample.upstream.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.util.ByteString;

/**
 * The cluster-wide owner of one upstream path (a sharded entity, one per path, on one node): every
 * request for the path, from any node, joins its one fetch, and with {@code keep} it also holds the
 * answer for the cache TTL, so the nodes share one cache. Answers travel encoded ({@link
 * RenderedCodec}); for one larger than the limit, callers are told to fetch it for themselves.
 *
 * <p>A request is two messages so that a lost node costs the caller a short wait, not the whole
 * upstream timeout: {@link Get} is answered at once ({@link Answer} when held, else {@link Pending}
 * with the fetch's number), then {@link Await} is answered when that fetch completes.
 */
final class FetchOwner extends AbstractBehavior<FetchOwner.Command> {

  static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "post-fetches");

  /** Messages the owner understands. */
  sealed interface Command extends CborSerializable {}

  /**
   * The answer for {@code path}; {@code refresh} skips a held answer. {@code trace} carries the
   * caller's trace ({@code traceparent}), empty when untraced.
   */
  record Get(
      String path,
      Resource.Form form,
      String requestId,
      Map<String, String> trace,
      boolean refresh,
      ActorRef<Reply> replyTo)
      implements Command {}

  /** The outcome of fetch number {@code fetch}, once it completes. */
  record Await(long fetch, ActorRef<Reply> replyTo) implements Command {}

  private record Completed(long fetch, Rendered rendered, Throwable failure) implements Command {}

  /** What a caller hears. */
  sealed interface Reply extends CborSerializable {}

  /**
   * The answer, encoded; {@code held} when it came from what the owner kept. A byte array because
   * Jackson writes it as one CBOR byte string; the record is a message, never compared.
   */
  @SuppressWarnings("ArrayRecordComponent")
  record Answer(byte[] encoded, boolean held) implements Reply {}

  /**
   * A fetch is under way; ask for its outcome with {@link Await}. {@code node} is the owner's
   * cluster address, so a caller can stop waiting if that node is lost.
   */
  record Pending(long fetch, String node) implements Reply {}

  /** The upstream could not answer; the caller reports it as is (no second attempt). */
  record Failed(UpstreamException.Kind kind, String message) implements Reply {}

  /** The caller should fetch for itself: the answer is too large to send, or the fetch is gone. */
  record FetchYourself(String why) implements Reply {}

  /**
   * How the owner fetches and what it keeps.
   *
   * @param tracing this node's: the fetch continues its first caller's trace through it
   * @param maxAnswer the largest encoded answer it sends (the remote frame limit must allow it)
   * @param node this node's cluster address, named in {@link Pending}
   * @param meters counts the fetches started and the callers that joined one
   */
  record Policy(
      BiFunction<Resource, RequestContext, CompletionStage<Rendered>> fetcher,
      Tracing tracing,
      boolean keep,
      Function<Rendered, Duration> ttl,
      long maxAnswer,
      String node,
      FetchMeters meters) {

    /** A policy that counts nothing. */
    Policy(
        BiFunction<Resource, RequestContext, CompletionStage<Rendered>> fetcher,
        Tracing tracing,
        boolean keep,
        Function<Rendered, Duration> ttl,
        long maxAnswer,
        String node) {
      this(
          fetcher,
          tracing,
          keep,
          ttl,
          maxAnswer,
          node,
          new FetchMeters(AppMetrics.discarding(), "cluster"));
    }
  }

  private final Policy policy;
  private long fetches;
  private long inFlight;
  private final List<ActorRef<Reply>> waiting = new ArrayList<>();
  // The fetch in flight's spans when its first caller was traced; later callers link to it.
  private SharedWork traced;
  private long lastFetch;
  private Outcome last;
  private ByteString held;
  private long heldUntil;

  static Behavior<Command> create(Policy policy) {
    return Behaviors.setup(context -> new FetchOwner(context, policy));
  }

  private FetchOwner(ActorContext<Command> context, Policy policy) {
    super(context);
    this.policy = policy;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Get.class, this::onGet)
        .onMessage(Await.class, this::onAwait)
        .onMessage(Completed.class, this::onCompleted)
        .onSignal(PostStop.class, stopped -> onStopped())
        .build();
  }

  /**
   * Stopped with callers still waiting: handed off in a rebalance or a leaving node's shutdown, or
   * passivated. Told at once, they fetch for themselves instead of waiting out their budget.
   */
  private Behavior<Command> onStopped() {
    for (ActorRef<Reply> caller : waiting) {
      caller.tell(new FetchYourself("the owner stopped before its fetch completed"));
    }
    if (traced != null) {
      traced.end(null);
      traced = null;
    }
    waiting.clear();
    return this;
  }

  private Behavior<Command> onGet(Get get) {
    if (!get.refresh() && held != null && System.nanoTime() - heldUntil < 0) {
      get.replyTo().tell(new Answer(held.toArray(), true));
      return this;
    }
    RequestContext caller = TraceHeaders.continued(policy.tracing(), get.requestId(), get.trace());
    if (inFlight == 0) {
      policy.meters().started();
      inFlight = ++fetches;
      long fetch = inFlight;
      RequestContext context = caller;
      if (caller.traced()) {
        traced = SharedWork.start(caller, "upstream fetch", get.path());
        context = traced.context();
      }
      getContext()
          .pipeToSelf(
              start(new Resource(get.path(), get.form()), context),
              (rendered, failure) -> new Completed(fetch, rendered, failure));
    } else {
      policy.meters().joined();
      if (traced != null) {
        traced.join(caller);
      }
    }
    get.replyTo().tell(new Pending(inFlight, policy.node()));
    return this;
  }

  private CompletionStage<Rendered> start(Resource resource, RequestContext context) {
    try {
      return policy.fetcher().apply(resource, context);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Behavior<Command> onAwait(Await await) {
    if (await.fetch() == inFlight) {
      waiting.add(await.replyTo());
    } else if (last != null && await.fetch() == lastFetch) {
      answer(await.replyTo(), last);
    } else {
      // Passivated and restarted since, or the number is from another incarnation.
      await.replyTo().tell(new FetchYourself("the fetch is no longer known"));
    }
    return this;
  }

  /** A completed fetch, encoded once for every caller: the answer, or what to say instead. */
  private record Outcome(ByteString encoded, Reply instead) {}

  private Behavior<Command> onCompleted(Completed completed) {
    Outcome outcome;
    if (completed.failure() != null) {
      outcome = new Outcome(null, failed(completed.failure()));
    } else {
      ByteString encoded = RenderedCodec.encode(completed.rendered());
      if (encoded.size() > policy.maxAnswer()) {
        // Too large to send to another node, so not worth holding either; every caller,
        // local ones included, fetches it for itself, which keeps one rule for all.
        outcome = new Outcome(null, new FetchYourself("the answer is larger than the limit"));
      } else {
        outcome = new Outcome(encoded, null);
        if (policy.keep()) {
          held = encoded;
          heldUntil = System.nanoTime() + policy.ttl().apply(completed.rendered()).toNanos();
        }
      }
    }
    inFlight = 0;
    if (traced != null) {
      traced.end(completed.failure());
      traced = null;
    }
    lastFetch = completed.fetch();
    last = outcome;
    for (ActorRef<Reply> caller : waiting) {
      answer(caller, outcome);
    }
    waiting.clear();
    return this;
  }

  private static void answer(ActorRef<Reply> caller, Outcome outcome) {
    caller.tell(
        outcome.instead() != null
            ? outcome.instead()
            : new Answer(outcome.encoded().toArray(), false));
  }

  private static Failed failed(Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    if (cause instanceof UpstreamException upstream) {
      return new Failed(upstream.kind(), upstream.getMessage());
    }
    return new Failed(UpstreamException.Kind.BAD_GATEWAY, "Upstream answer could not be used");
  }
}
