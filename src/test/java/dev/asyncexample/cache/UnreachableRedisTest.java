package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.json.Json;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole application with REDIS_URL pointing at a port where nothing listens: it starts, serves
 * from the upstream, says so in /ready, warns once, and leaves no Redis client thread behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreachableRedisTest {

  private ActorSystem client;
  private ControllableUpstream upstream;

  @BeforeAll
  void start() {
    client = ActorSystem.create("unreachable-redis-client", TestConfig.base());
    upstream = TestUpstreams.start();
  }

  @AfterAll
  void stop() {
    upstream.close();
    Systems.stop(client);
  }

  @Test
  void theAppStartsAndServesFromTheUpstreamWhileRedisIsUnreachable() throws Exception {
    int closedPort = RedisServerProcess.freePort();
    long redisThreadsBefore = redisClientThreads();
    AsyncExampleApp.Running app;
    try (OutageLog log = new OutageLog()) {
      app =
          AsyncExampleApp.start(
              TestConfig.with(
                  "async-example.upstream.base-url = \""
                      + upstream.baseUrl()
                      + "\"\nasync-example.cache.redis-url = \"redis://127.0.0.1:"
                      + closedPort
                      + "\"\nasync-example.cache.key-prefix = \""
                      + TestCaches.uniquePrefix()
                      + "\""));
      int port =
          app.binding().toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
      String base = "http://127.0.0.1:" + port;

      for (int i = 0; i < 3; i++) {
        HttpResponse post = get(base + "/v1/posts/1");
        assertThat(post.status().intValue()).isEqualTo(200);
        assertThat(post.getHeader("X-Cache").map(HttpHeader::value)).contains("MISS");
      }
      HttpResponse ready = get(base + "/ready");
      JsonNode cache = Json.MAPPER.readTree(body(ready)).get("dependencies").get("cache");

      assertThat(ready.status().intValue()).isEqualTo(200);
      assertThat(cache.get("backend").asText()).isEqualTo("redis");
      assertThat(cache.get("state").asText()).isEqualTo("down");
      assertThat(cache.get("detail").asText()).contains("Connection refused");
      assertThat(upstream.hits("/posts/1")).isEqualTo(3);
      assertThat(log.at(Level.WARN, closedPort)).hasSize(1);
    }

    app.system().terminate();
    app.system().getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    // Lettuce's threads stop a little after the shutdown task returns.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (redisClientThreads() > redisThreadsBefore && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(redisClientThreads()).isLessThanOrEqualTo(redisThreadsBefore);
  }

  private static long redisClientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith("lettuce-"))
        .count();
  }

  private HttpResponse get(String uri) throws Exception {
    return HttpCalls.send(client, HttpRequest.GET(uri));
  }

  private String body(HttpResponse response) throws Exception {
    return HttpCalls.body(client, response);
  }
}
