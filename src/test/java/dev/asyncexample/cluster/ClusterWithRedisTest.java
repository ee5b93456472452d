package dev.asyncexample.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.cache.RawRedis;
import dev.asyncexample.cache.TestCaches;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.RequiresService;
import dev.asyncexample.testing.Service;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.time.Duration;
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
 * Two nodes with {@code REDIS_URL}: Redis stays the shared cache, and the owners of the paths only
 * coalesce, holding nothing.
 */
@RequiresService(Service.REDIS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterWithRedisTest {

  private final String prefix = TestCaches.uniquePrefix();
  private ControllableUpstream upstream;
  private LocalCluster cluster;
  private ActorSystem client;
  private RawRedis redis;

  @BeforeAll
  void formCluster() throws Exception {
    client = ActorSystem.create("cluster-redis-client", TestConfig.base());
    redis = new RawRedis(TestCaches.SHARED_REDIS);
    upstream =
        ControllableUpstream.start("127.0.0.1", 0, 100, TestConfig.base())
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    cluster =
        LocalCluster.start(
            2,
            """
            async-example.upstream.base-url = "%s"
            async-example.cache.redis-url = "%s"
            async-example.cache.key-prefix = "%s"
            """
                .formatted(upstream.baseUrl(), TestCaches.SHARED_REDIS, prefix),
            client);
  }

  @AfterAll
  void stop() throws Exception {
    cluster.stop();
    upstream.close();
    redis.deleteAll(prefix);
    redis.close();
    Systems.stop(client);
  }

  @Test
  void concurrentRequestsOnBothNodesCauseOneUpstreamCall() throws Exception {
    ControllableUpstream.Gate gate = upstream.hold();
    List<CompletableFuture<HttpResponse>> calls = new ArrayList<>();
    int before = upstream.totalHits();
    try {
      for (int round = 0; round < 10; round++) {
        for (String base : cluster.bases()) {
          calls.add(HttpCalls.sendAsync(client, HttpRequest.GET(base + "/v1/posts/31")));
        }
      }
      upstream.awaitHits(before + 1).toCompletableFuture().get(10, TimeUnit.SECONDS);
      Thread.sleep(1_000);
    } finally {
      gate.release();
    }

    for (CompletableFuture<HttpResponse> call : calls) {
      HttpResponse response = call.get(20, TimeUnit.SECONDS);
      assertThat(response.status().intValue()).isEqualTo(200);
      HttpCalls.body(client, response);
    }
    assertThat(upstream.hits("/posts/31")).isEqualTo(1);
  }

  @Test
  void redisIsTheSharedCacheAndTheOwnersHoldNothing() throws Exception {
    String first = cluster.bases().get(0);
    String second = cluster.bases().get(1);

    assertThat(xCache(first + "/v1/posts/32")).isEqualTo("MISS");
    // The first node stores the reply without making its answer wait, on a connection of its own.
    assertThat(redis.existsWithin(prefix + "/posts/32", Duration.ofSeconds(5))).isTrue();
    assertThat(xCache(second + "/v1/posts/32")).isEqualTo("HIT");
    redis.commands().del(prefix + "/posts/32");

    // Gone from Redis, so gone: no owner kept a copy.
    assertThat(xCache(second + "/v1/posts/32")).isEqualTo("MISS");
    assertThat(upstream.hits("/posts/32")).isEqualTo(2);
  }

  private String xCache(String url) throws Exception {
    HttpResponse response = HttpCalls.send(client, HttpRequest.GET(url));
    HttpCalls.body(client, response);
    assertThat(response.status().intValue()).isEqualTo(200);
    return response.getHeader("X-Cache").orElseThrow().value();
  }
}
