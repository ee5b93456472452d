package dev.asyncexample.posts;

import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.upstream.UpstreamException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
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
  private final Duration ownerBudget;
  private final Duration fetchBudget;
  private final BiFunction<Resource, String, CompletionStage<Rendered>> local;
  private final Executor executor;

  private SharedFetches(
      ClusterSharding sharding,
      Duration ownerBudget,
      Duration fetchBudget,
      BiFunction<Resource, String, CompletionStage<Rendered>> local,
      Executor executor) {
    this.sharding = sharding;
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
   */
  static SharedFetches start(
      ActorSystem<?> system,
      FetchOwner.Policy policy,
      Duration ownerBudget,
      Duration upstreamTimeout,
      BiFunction<Resource, String, CompletionStage<Rendered>> local) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(FetchOwner.TYPE, context -> FetchOwner.create(policy)));
    return new SharedFetches(
        sharding, ownerBudget, upstreamTimeout.plus(ownerBudget), local, system.executionContext());
  }

  /**
   * The answer for {@code resource}, from its owner if it can give one in time, else fetched here.
   */
  CompletionStage<Shared> get(Resource resource, String requestId, boolean refresh) {
    var owner = sharding.entityRefFor(FetchOwner.TYPE, resource.path());
    CompletionStage<FetchOwner.Reply> taken;
    try {
      taken =
          StageBridge.completeOn(
              owner.<FetchOwner.Reply>ask(
                  replyTo ->
                      new FetchOwner.Get(
                          resource.path(), resource.list(), requestId, refresh, replyTo),
                  ownerBudget),
              executor);
    } catch (RuntimeException e) {
      taken = CompletableFuture.failedFuture(e);
    }
    return taken
        .thenCompose(
            reply -> {
              if (reply instanceof FetchOwner.Pending pending) {
                return StageBridge.completeOn(
                    owner.<FetchOwner.Reply>ask(
                        replyTo -> new FetchOwner.Await(pending.fetch(), replyTo), fetchBudget),
                    executor);
              }
              return CompletableFuture.completedFuture(reply);
            })
        .handle((reply, failure) -> settle(resource, requestId, reply, failure))
        .thenCompose(shared -> shared);
  }

  private CompletionStage<Shared> settle(
      Resource resource, String requestId, FetchOwner.Reply reply, Throwable failure) {
    if (failure != null) {
      log.debug("Owner of {} unavailable ({}); fetching here", resource.path(), unwrapped(failure));
      return fetchHere(resource, requestId);
    }
    if (reply instanceof FetchOwner.Answer answer) {
      return RenderedCodec.decode(ByteString.fromArray(answer.encoded()))
          .<CompletionStage<Shared>>map(
              rendered -> CompletableFuture.completedFuture(new Shared(rendered, answer.held())))
          .orElseGet(() -> fetchHere(resource, requestId));
    }
    if (reply instanceof FetchOwner.Failed failed) {
      return CompletableFuture.failedFuture(new UpstreamException(failed.kind(), failed.message()));
    }
    if (reply instanceof FetchOwner.FetchYourself yourself) {
      log.debug("Owner of {}: {}; fetching here", resource.path(), yourself.why());
    }
    // FetchYourself, or a second Pending (a confused owner): never wait on it twice.
    return fetchHere(resource, requestId);
  }

  private CompletionStage<Shared> fetchHere(Resource resource, String requestId) {
    return local.apply(resource, requestId).thenApply(rendered -> new Shared(rendered, false));
  }

  private static String unwrapped(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.toString();
  }
}
