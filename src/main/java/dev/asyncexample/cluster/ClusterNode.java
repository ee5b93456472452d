package dev.asyncexample.cluster;

import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.http.Readiness;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.ClusterShardingHealthCheck;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.FutureConverters;

/**
 * Joins this node to its cluster: Pekko Management (the contact point and the probes), Cluster
 * Bootstrap (finds the other nodes, forms or joins), and a deadline after which a node that is
 * still not a member shuts down. Leaving on shutdown is CoordinatedShutdown's own cluster phases,
 * which run after the HTTP drain.
 */
public final class ClusterNode {

  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  /** Between two asks whether the sharding regions have registered. */
  private static final Duration RECHECK = Duration.ofMillis(200);

  /** The reason a node that never joined stops with; application.conf maps it to exit code 1. */
  public enum JoinFailed implements CoordinatedShutdown.Reason {
    INSTANCE
  }

  private ClusterNode() {}

  /**
   * Starts joining. Completes once this node is {@code Up} and its sharding regions (config {@code
   * pekko.cluster.sharding.healthcheck.names}) have registered with their coordinator: only then
   * should it take traffic. Call it after the regions are initialised. Management's {@code /ready}
   * also reports {@code readiness}, the application's own.
   */
  public static CompletionStage<Done> join(
      ActorSystem<?> system, ClusterSettings settings, Readiness readiness) {
    ServingCheck.register(Adapter.toClassic(system), readiness);
    CompletableFuture<Done> up = new CompletableFuture<>();
    Cluster cluster = Cluster.get(Adapter.toClassic(system));
    cluster.registerOnMemberUp(() -> up.complete(Done.getInstance()));
    var unused =
        StageBridge.completeOn(PekkoManagement.get(system).start(), StageBridge.SAME_THREAD)
            .whenComplete(
                (uri, failure) -> {
                  if (failure != null) {
                    log.error("Pekko Management could not start: {}", failure.toString());
                    CoordinatedShutdown.get(system).runAll(JoinFailed.INSTANCE);
                  } else {
                    log.info("Pekko Management on {}", uri);
                  }
                });
    ClusterBootstrap.get(system).start();
    system
        .scheduler()
        .scheduleOnce(
            settings.joinDeadline(),
            () -> {
              if (!up.isDone()) {
                log.error(
                    "Not a cluster member {} after start (discovery {}, contact points {}):"
                        + " shutting down",
                    settings.joinDeadline(),
                    settings.discovery().method(),
                    settings.contactPoints());
                CoordinatedShutdown.get(system).runAll(JoinFailed.INSTANCE);
              }
            },
            system.executionContext());
    ClusterShardingHealthCheck regions = new ClusterShardingHealthCheck(Adapter.toClassic(system));
    return up.thenCompose(member -> whenRegistered(system, regions))
        .thenApply(
            registered -> {
              log.info("Cluster member {} is up and its shards are ready", cluster.selfAddress());
              return registered;
            });
  }

  private static CompletionStage<Done> whenRegistered(
      ActorSystem<?> system, ClusterShardingHealthCheck regions) {
    return StageBridge.completeOn(FutureConverters.asJava(regions.apply()), StageBridge.SAME_THREAD)
        .exceptionally(notYet -> false)
        .thenCompose(
            registered ->
                Boolean.TRUE.equals(registered)
                    ? CompletableFuture.completedFuture(Done.getInstance())
                    : StageBridge.completeOn(
                            Patterns.after(
                                RECHECK,
                                system,
                                () -> CompletableFuture.completedFuture(Done.getInstance())),
                            StageBridge.SAME_THREAD)
                        .thenCompose(again -> whenRegistered(system, regions)));
  }
}
