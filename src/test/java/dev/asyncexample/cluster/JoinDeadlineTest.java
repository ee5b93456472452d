package dev.asyncexample.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

/** A node that finds no cluster to join stays unready, then shuts itself down at the deadline. */
class JoinDeadlineTest {

  @Test
  void aNodeThatCannotJoinStaysUnreadyThenStops() throws Exception {
    ActorSystem client = ActorSystem.create("join-deadline-client", TestConfig.base());
    try {
      // Two contact points required, and only this node's own management port among them
      // answers: bootstrap never forms a cluster.
      AsyncExampleApp.Running node =
          AsyncExampleApp.start(
              TestConfig.with(
                  """
                  async-example.upstream.base-url = embedded
                  async-example.cluster {
                    enabled = on
                    host = "127.0.0.1"
                    port = 0
                    management-port = 0
                    contact-points = "127.0.0.1:1, 127.0.0.1:2"
                    required-contact-points = 2
                    join-deadline = 3s
                  }
                  """));
      int port =
          node.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();

      assertThat(HttpCalls.statusAndBody(client, "http://127.0.0.1:" + port + "/ready"))
          .startsWith("503 ");
      node.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(CoordinatedShutdown.get(node.system()).getShutdownReason())
          .contains(ClusterNode.JoinFailed.INSTANCE);
    } finally {
      Systems.stop(client);
    }
  }
}
