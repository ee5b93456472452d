package dev.asyncexample.metrics;

import dev.asyncexample.concurrent.StageBridge;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * A cluster node's view: members by status and unreachable members (read from the cluster's state
 * when scraped), and the shards and entities of one entity type on this node (asked of the sharding
 * region before each scrape, {@link #refresh()}).
 */
final class ClusterMeters {

  private static final Duration ASK_BUDGET = Duration.ofSeconds(1);

  private static final Map<String, MemberStatus> STATUSES =
      Map.of(
          "joining", MemberStatus.joining(),
          "weakly_up", MemberStatus.weaklyUp(),
          "up", MemberStatus.up(),
          "leaving", MemberStatus.leaving(),
          "exiting", MemberStatus.exiting(),
          "down", MemberStatus.down(),
          "removed", MemberStatus.removed(),
          "preparing_for_shutdown", MemberStatus.shuttingDown(),
          "ready_for_shutdown", MemberStatus.shutDown());

  private final ActorSystem<?> system;
  private final EntityTypeKey<?> type;
  private final AtomicInteger shards = new AtomicInteger();
  private final AtomicInteger entities = new AtomicInteger();

  private ClusterMeters(ActorSystem<?> system, EntityTypeKey<?> type) {
    this.system = system;
    this.type = type;
  }

  static ClusterMeters bind(MeterRegistry registry, ActorSystem<?> system, EntityTypeKey<?> type) {
    Cluster cluster = Cluster.get(Adapter.toClassic(system));
    STATUSES.forEach(
        (name, status) ->
            Gauge.builder("pekko.cluster.members", cluster, c -> count(c, status))
                .description("Cluster members this node sees, by status")
                .tag("status", name)
                .register(registry));
    Gauge.builder(
            "pekko.cluster.members.unreachable", cluster, c -> c.state().getUnreachable().size())
        .description("Members this node's failure detector marks unreachable")
        .register(registry);
    ClusterMeters meters = new ClusterMeters(system, type);
    Gauge.builder("pekko.cluster.sharding.shards", meters.shards, AtomicInteger::get)
        .description("Shards hosted on this node")
        .tag("type", type.name())
        .register(registry);
    Gauge.builder("pekko.cluster.sharding.entities", meters.entities, AtomicInteger::get)
        .description("Entities alive on this node")
        .tag("type", type.name())
        .register(registry);
    return meters;
  }

  private static double count(Cluster cluster, MemberStatus status) {
    int count = 0;
    for (Member member : cluster.state().getMembers()) {
      if (member.status().equals(status)) {
        count++;
      }
    }
    return count;
  }

  /** Asks this node's region for its shards; completes (never fails) once the gauges are set. */
  CompletionStage<Void> refresh() {
    CompletionStage<ShardRegion.CurrentShardRegionState> asked;
    try {
      asked =
          AskPattern.ask(
              ClusterSharding.get(system).shardState(),
              replyTo -> new GetShardRegionState(type, replyTo),
              ASK_BUDGET,
              system.scheduler());
    } catch (RuntimeException e) {
      asked = CompletableFuture.failedFuture(e);
    }
    return StageBridge.completeOn(asked, StageBridge.SAME_THREAD)
        .handle(
            (state, failure) -> {
              if (failure == null) {
                shards.set(state.getShards().size());
                entities.set(
                    state.getShards().stream().mapToInt(s -> s.getEntityIds().size()).sum());
              }
              return null;
            });
  }
}
