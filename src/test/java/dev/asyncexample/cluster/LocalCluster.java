package dev.asyncexample.cluster;

import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.testing.ClosedPorts;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.TestConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorSystem;

/**
 * N cluster nodes in this JVM, formed by Cluster Bootstrap over config discovery on 127.0.0.1, each
 * with its own HTTP binding and management port.
 */
final class LocalCluster {

  private final List<AsyncExampleApp.Running> nodes;
  private final List<String> bases;
  private final List<Integer> management;

  private LocalCluster(
      List<AsyncExampleApp.Running> nodes, List<String> bases, List<Integer> management) {
    this.nodes = nodes;
    this.bases = bases;
    this.management = management;
  }

  /**
   * Starts {@code size} nodes with {@code extra} (HOCON) on top of each one's cluster settings and
   * waits until every node's {@code /ready} answers 200.
   */
  static LocalCluster start(int size, String extra, ActorSystem client) throws Exception {
    List<Integer> management = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      management.add(ClosedPorts.one());
    }
    String contactPoints =
        management.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    List<AsyncExampleApp.Running> nodes = new ArrayList<>();
    for (int port : management) {
      nodes.add(
          AsyncExampleApp.start(
              TestConfig.with(
                  extra
                      + """

                      async-example.cluster {
                        enabled = on
                        host = "127.0.0.1"
                        port = 0
                        management-host = "127.0.0.1"
                        management-port = %d
                        contact-points = "%s"
                        required-contact-points = %d
                        # Generous: on a loaded test machine a slow first remote answer must not
                        # send callers to their own fetch, which these tests count as a failure.
                        owner-budget = 5s
                      }
                      pekko.management.cluster.bootstrap.contact-point-discovery {
                        stable-margin = 1s
                        interval = 300ms
                      }
                      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                      """
                          .formatted(port, contactPoints, size))));
    }
    List<String> bases = new ArrayList<>();
    for (AsyncExampleApp.Running node : nodes) {
      int port =
          node.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
      bases.add("http://127.0.0.1:" + port);
    }
    LocalCluster cluster = new LocalCluster(nodes, bases, management);
    for (String base : bases) {
      awaitReady(client, base);
    }
    return cluster;
  }

  /** Each node's API, e.g. {@code http://127.0.0.1:41234}. */
  List<String> bases() {
    return bases;
  }

  /** Each node's management port. */
  List<Integer> managementPorts() {
    return management;
  }

  /**
   * Stops the nodes one at a time, so each leaves a cluster that is still there to take its shards:
   * stopped together, each would wait out the exiting phase's timeout for the others.
   */
  void stop() throws Exception {
    List<AsyncExampleApp.Running> lastFirst = new ArrayList<>(nodes);
    Collections.reverse(lastFirst);
    for (AsyncExampleApp.Running node : lastFirst) {
      node.system().terminate();
      node.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitReady(ActorSystem client, String base) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = HttpCalls.statusAndBody(client, base + "/ready");
      if (last.startsWith("200 ")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(base + " not ready within 60 s: " + last);
  }
}
