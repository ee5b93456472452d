package dev.asyncexample.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three cluster nodes in one JVM ({@link LocalCluster}), in front of one upstream that counts what
 * reaches it, with the in-process cache: the owners of the paths hold the answers for all nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeNodesInOneJvmTest {

  /** Enough posts that the list of all of them is larger than Artery's default 256 KiB frame. */
  private static final int POSTS = 1500;

  private ControllableUpstream upstream;
  private LocalCluster cluster;
  private List<String> bases;
  private ActorSystem client;

  @BeforeAll
  void formCluster() throws Exception {
    client = ActorSystem.create("cluster-test-client", TestConfig.base());
    upstream =
        ControllableUpstream.start("127.0.0.1", 0, POSTS, TestConfig.base())
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    cluster =
        LocalCluster.start(
            3, "async-example.upstream.base-url = \"" + upstream.baseUrl() + "\"", client);
    bases = cluster.bases();
  }

  @AfterAll
  void stop() throws Exception {
    cluster.stop();
    upstream.close();
    Systems.stop(client);
  }

  @Test
  void concurrentIdenticalRequestsOnEveryNodeCauseOneUpstreamCall() throws Exception {
    ControllableUpstream.Gate gate = upstream.hold();
    List<CompletableFuture<HttpResponse>> calls = new ArrayList<>();
    int before = upstream.totalHits();
    try {
      for (int round = 0; round < 10; round++) {
        for (String base : bases) {
          calls.add(HttpCalls.sendAsync(client, HttpRequest.GET(base + "/v1/posts/7")));
        }
      }
      upstream.awaitHits(before + 1).toCompletableFuture().get(10, TimeUnit.SECONDS);
      // Every request has had time to reach its node and the owner before the answer goes out.
      Thread.sleep(1_000);
    } finally {
      gate.release();
    }

    List<String> bodies = new ArrayList<>();
    for (CompletableFuture<HttpResponse> call : calls) {
      HttpResponse response = call.get(20, TimeUnit.SECONDS);
      assertThat(response.status().intValue()).isEqualTo(200);
      bodies.add(HttpCalls.body(client, response));
    }
    assertThat(upstream.hits("/posts/7")).isEqualTo(1);
    assertThat(bodies).hasSize(30).allSatisfy(body -> assertThat(body).contains("\"id\":7,"));
    assertThat(bodies.stream().distinct()).hasSize(1);
  }

  @Test
  void anAnswerCachedThroughOneNodeIsAHitOnTheOthers() throws Exception {
    List<String> outcomes = new ArrayList<>();
    for (String base : bases) {
      HttpResponse response = HttpCalls.send(client, HttpRequest.GET(base + "/v1/posts/8"));
      assertThat(response.status().intValue()).isEqualTo(200);
      outcomes.add(response.getHeader("X-Cache").orElseThrow().value());
      HttpCalls.body(client, response);
    }

    assertThat(outcomes).containsExactly("MISS", "HIT", "HIT");
    assertThat(upstream.hits("/posts/8")).isEqualTo(1);
  }

  @Test
  void aSummarysPartsAreOwnedAcrossTheNodesAndFetchedOnce() throws Exception {
    // Its 13 upstream paths have owners all over the cluster: the JSON parts travel between nodes.
    List<String> bodies = new ArrayList<>();
    for (String base : bases) {
      HttpResponse response = HttpCalls.send(client, HttpRequest.GET(base + "/v1/users/6/summary"));
      assertThat(response.status().intValue()).isEqualTo(200);
      bodies.add(HttpCalls.body(client, response));
    }

    assertThat(bodies.get(0)).contains("\"id\":6,").contains("\"missing\":[]");
    assertThat(bodies.stream().distinct()).hasSize(1);
    assertThat(upstream.hits("/users/6")).isEqualTo(1);
    assertThat(upstream.hits("/todos?userId=6")).isEqualTo(1);
    assertThat(upstream.hits("/comments?postId=55")).isEqualTo(1);
  }

  @Test
  void aListLargerThanTheDefaultFrameIsSharedToo() throws Exception {
    List<String> bodies = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    for (String base : bases) {
      HttpResponse response = HttpCalls.send(client, HttpRequest.GET(base + "/v1/posts"));
      assertThat(response.status().intValue()).isEqualTo(200);
      outcomes.add(response.getHeader("X-Cache").orElseThrow().value());
      bodies.add(HttpCalls.body(client, response));
    }

    assertThat(bodies.get(0).length()).isGreaterThan(256 * 1024);
    assertThat(bodies.get(0)).contains("\"id\":" + POSTS + ",");
    assertThat(bodies.stream().distinct()).hasSize(1);
    assertThat(outcomes).containsExactly("MISS", "HIT", "HIT");
    assertThat(upstream.hits("/posts")).isEqualTo(1);
  }

  @Test
  void everyNodeServesItsMetricsOnTheManagementPortToo() throws Exception {
    HttpCalls.statusAndBody(client, bases.get(0) + "/v1/posts/12");
    double entities = 0;
    double fetches = 0;
    for (int i = 0; i < bases.size(); i++) {
      String scrape =
          HttpCalls.statusAndBody(
              client, "http://127.0.0.1:" + cluster.managementPorts().get(i) + "/metrics");
      assertThat(scrape).startsWith("200 ").contains("pekko_cluster_members{status=\"up\"} 3");
      assertThat(HttpCalls.statusAndBody(client, bases.get(i) + "/metrics"))
          .contains("pekko_cluster_members{status=\"up\"} 3");
      entities += value(scrape, "pekko_cluster_sharding_entities{type=\"post-fetches\"}");
      fetches += value(scrape, "upstream_fetches_started_total{scope=\"cluster\"}");
    }
    // The path's owner, on whichever node, has an entity and started the fetch.
    assertThat(entities).isGreaterThanOrEqualTo(1);
    assertThat(fetches).isGreaterThanOrEqualTo(1);
  }

  private static double value(String scrape, String series) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + series));
  }

  @Test
  void managementServesProbesAndListsMembersButNeverChangesThem() throws Exception {
    String node = "http://127.0.0.1:" + cluster.managementPorts().get(0);

    assertThat(HttpCalls.statusAndBody(client, node + "/alive")).startsWith("200 ");
    assertThat(HttpCalls.statusAndBody(client, node + "/ready")).startsWith("200 ");
    String members = HttpCalls.statusAndBody(client, node + "/cluster/members");
    assertThat(members).startsWith("200 ");
    assertThat(members.split("\"status\":\"Up\"", -1)).hasSize(4);
    String member = "pekko://async-example@127.0.0.1:1";
    for (HttpRequest change :
        List.of(
            HttpRequest.DELETE(node + "/cluster/members/" + member),
            HttpRequest.PUT(node + "/cluster/members/" + member),
            HttpRequest.POST(node + "/cluster/members?address=" + member))) {
      HttpResponse response = HttpCalls.send(client, change);
      HttpCalls.body(client, response);
      assertThat(response.status().intValue()).as(change.method().value()).isIn(404, 405);
    }
  }
}
