package dev.asyncexample.posts;

import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.metrics.FetchMeters;
import dev.asyncexample.tracing.RequestContext;
import dev.asyncexample.tracing.TraceHeaders;
import dev.asyncexample.upstream.UpstreamException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the node that owns an upstream path ({@link FetchOwner}) for its answer. The cluster only
 * saves work, it never decides an answer: when the owner does not take the request on within the
 * budget, when sharding is unavailable (joining, leaving, cut off), or when the answer is too large
 * to send, this node fetches on its own ({@code local}).
 */
final class SharedFetches {

  private static final Logger log = LoggerFactory.getLogger(SharedFetches.class);

  /** An answer and whether the owner served it from what it held. */
  record Shared(Rendered rendered, boolean held) {}

  private final ClusterSharding sharding;
  // Awaits in flight by the owner's node: failed at once if that node becomes unreachable, so a
  // fetch lost with its node costs the time to notice, not the whole fetch budget.
  private final Map<String, Map<Long, CompletableFuture<FetchOwner.Reply>>> awaiting =
      new ConcurrentHashMap<>();
  private final AtomicLong awaits = new AtomicLong();
  private final Duration ownerBudget;
  private final Duration fetchBudget;
  private final BiFunction<Resource, RequestContext, CompletionStage<Rendered>> local;
  private final Executor executor;
  private final FetchMeters meters;

  private SharedFetches(
      ClusterSharding sharding,
      Duration ownerBudget,
      Duration fetchBudget,
      BiFunction<Resource, RequestContext, CompletionStage<Rendered>> local,
      Executor executor,
      FetchMeters meters) {
    this.sharding = sharding;
    this.meters = meters;
    this.ownerBudget = ownerBudget;
    this.fetchBudget = fetchBudget;
    this.local = local;
    this.executor = executor;
  }

  /**
   * Starts this node's share of the owners and returns the client of all of them.
   *
   * @param policy how an owner on this node fetches and what it keeps
   * @param ownerBudget the wait for an owner to take a request on
   * @param upstreamTimeout the longest an owner's fetch may take
   * @param local this node's own (coalesced) fetch, the fallback
   * @param meters counts the fallbacks to {@code local}
   */
  static SharedFetches start(
      ActorContext<?> context,
      FetchOwner.Policy policy,
      Duration ownerBudget,
      Duration upstreamTimeout,
      BiFunction<Resource, RequestContext, CompletionStage<Rendered>> local,
      FetchMeters meters) {
    ActorSystem<?> system = context.getSystem();
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(FetchOwner.TYPE, entity -> FetchOwner.create(policy)));
    SharedFetches fetches =
        new SharedFetches(
            sharding,
            ownerBudget,
            upstreamTimeout.plus(ownerBudget),
            local,
            system.executionContext(),
            meters);
    context.spawn(lostNodes(fetches::nodeLost), "post-owners-lost");
    return fetches;
  }

  /** Tells {@code lost} the address of every member that becomes unreachable. */
  private static Behavior<ClusterEvent.UnreachableMember> lostNodes(Consumer<String> lost) {
    return Behaviors.setup(
        context -> {
          Cluster.get(context.getSystem())
              .subscriptions()
              .tell(Subscribe.create(context.getSelf(), ClusterEvent.UnreachableMember.class));
          return Behaviors.receiveMessage(
              unreachable -> {
                lost.accept(unreachable.member().address().toString());
                return Behaviors.same();
              });
        });
  }

  private void nodeLost(String node) {
    Map<Long, CompletableFuture<FetchOwner.Reply>> stranded = awaiting.remove(node);
    if (stranded != null && !stranded.isEmpty()) {
      log.info("{} fetches waited on {}, now unreachable: fetching here", stranded.size(), node);
      stranded.values().forEach(await -> await.completeExceptionally(new OwnerLost(node)));
    }
  }

  /** The owner's node became unreachable while a caller waited on its fetch. */
  private static final class OwnerLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OwnerLost(String node) {
      super("owner node " + node + " is unreachable", null, false, false);
    }
  }

  private CompletionStage<FetchOwner.Reply> await(
      EntityRef<FetchOwner.Command> owner, FetchOwner.Pending pending) {
    CompletableFuture<FetchOwner.Reply> awaited =
        StageBridge.completeOn(
            owner.<FetchOwner.Reply>ask(
                replyTo -> new FetchOwner.Await(pending.fetch(), replyTo), fetchBudget),
            executor);
    Map<Long, CompletableFuture<FetchOwner.Reply>> onNode =
        awaiting.computeIfAbsent(pending.node(), node -> new ConcurrentHashMap<>());
    long id = awaits.incrementAndGet();
    onNode.put(id, awaited);
    return awaited.whenComplete((reply, failure) -> onNode.remove(id));
  }

  /**
   * The answer for {@code resource}, from its owner if it can give one in time, else fetched here.
   */
  CompletionStage<Shared> get(Resource resource, RequestContext context, boolean refresh) {
    var owner = sharding.entityRefFor(FetchOwner.TYPE, resource.path());
    CompletionStage<FetchOwner.Reply> taken;
    try {
      taken =
          StageBridge.completeOn(
              owner.<FetchOwner.Reply>ask(
                  replyTo ->
                      new FetchOwner.Get(
                          resource.path(),
                          resource.form(),
                          context.requestId(),
                          TraceHeaders.of(context),
                          refresh,
                          replyTo),
                  ownerBudget),
              executor);
    } catch (RuntimeException e) {
      taken = CompletableFuture.failedFuture(e);
    }
    return taken
        .thenCompose(
            reply -> {
              if (reply instanceof FetchOwner.Pending pending) {
                return await(owner, pending);
              }
              return CompletableFuture.completedFuture(reply);
            })
        .handle((reply, failure) -> settle(resource, context, reply, failure))
        .thenCompose(shared -> shared);
  }

  private CompletionStage<Shared> settle(
      Resource resource, RequestContext context, FetchOwner.Reply reply, Throwable failure) {
    if (failure != null) {
      log.debug(
          "Owner of {} unavailable ({}); fetching here",
          resource.path(),
          Failures.unwrap(failure).toString());
      meters.fellBack("owner_unavailable");
      return fetchHere(resource, context);
    }
    if (reply instanceof FetchOwner.Answer answer) {
      return RenderedCodec.decode(ByteString.fromArray(answer.encoded()))
          .<CompletionStage<Shared>>map(
              rendered -> CompletableFuture.completedFuture(new Shared(rendered, answer.held())))
          .orElseGet(
              () -> {
                meters.fellBack("undecodable");
                return fetchHere(resource, context);
              });
    }
    if (reply instanceof FetchOwner.Failed failed) {
      return CompletableFuture.failedFuture(new UpstreamException(failed.kind(), failed.message()));
    }
    if (reply instanceof FetchOwner.FetchYourself yourself) {
      log.debug("Owner of {}: {}; fetching here", resource.path(), yourself.why());
      meters.fellBack("told_to");
    } else {
      meters.fellBack("pending_twice");
    }
    // FetchYourself, or a second Pending (a confused owner): never wait on it twice.
    return fetchHere(resource, context);
  }

  private CompletionStage<Shared> fetchHere(Resource resource, RequestContext context) {
    return local.apply(resource, context).thenApply(rendered -> new Shared(rendered, false));
  }
}
