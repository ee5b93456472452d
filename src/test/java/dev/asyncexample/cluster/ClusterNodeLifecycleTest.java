package dev.asyncexample.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.testing.ClosedPorts;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

/**
 * One node forms a cluster of its own and serves; on shutdown both readiness endpoints turn unready
 * at once while the API still answers through the unready delay, and the node then leaves.
 */
class ClusterNodeLifecycleTest {

  @Test
  void readyOnlyAsAMemberAndUnreadyFromTheStartOfTheDrain() throws Exception {
    ActorSystem client = ActorSystem.create("lifecycle-client", TestConfig.base());
    int management = ClosedPorts.one();
    try {
      AsyncExampleApp.Running node =
          AsyncExampleApp.start(
              TestConfig.with(
                  """
                  async-example.upstream.base-url = embedded
                  async-example.http.unready-delay = 3s
                  async-example.cluster {
                    enabled = on
                    host = "127.0.0.1"
                    port = 0
                    management-port = %d
                    contact-points = "127.0.0.1:%d"
                    required-contact-points = 1
                  }
                  pekko.management.cluster.bootstrap.contact-point-discovery {
                    stable-margin = 1s
                    interval = 300ms
                  }
                  """
                      .formatted(management, management)));
      int port =
          node.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
      String api = "http://127.0.0.1:" + port;
      String probes = "http://127.0.0.1:" + management;
      awaitStatus(client, api + "/ready", 200);
      awaitStatus(client, probes + "/ready", 200);
      Cluster cluster = Cluster.get(Adapter.toClassic(node.system()));
      assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up());

      var unused =
          CoordinatedShutdown.get(node.system()).runAll(CoordinatedShutdown.unknownReason());
      // Pekko Management answers a failed check with 500; probes only look for a non-2xx.
      awaitStatus(client, probes + "/ready", 500);

      assertThat(HttpCalls.statusAndBody(client, api + "/ready")).startsWith("503 ");
      // Still serving: the unready delay is for balancers to notice, not to refuse requests.
      assertThat(HttpCalls.statusAndBody(client, api + "/v1/posts/1")).startsWith("200 ");
      assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up());
      node.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(cluster.isTerminated()).isTrue();
    } finally {
      Systems.stop(client);
    }
  }

  private static void awaitStatus(ActorSystem client, String url, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = HttpCalls.statusAndBody(client, url);
      } catch (Exception notListeningYet) {
        last = notListeningYet.toString();
      }
      if (last.startsWith(status + " ")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(url + " did not answer " + status + " within 30 s: " + last);
  }
}
