package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.http.Readiness;
import dev.asyncexample.json.Json;
import dev.asyncexample.posts.PostsRoutes;
import dev.asyncexample.posts.TestClients;
import dev.asyncexample.testing.RequiresService;
import dev.asyncexample.testing.RouteTestSupport;
import dev.asyncexample.testing.Service;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis that goes away, was never there, or stalls: requests are still answered by the upstream,
 * without waiting for Redis, and the cache comes back by itself. Each test runs its own private
 * redis-server, so the machine's shared one is never stopped.
 */
@RequiresService(Service.REDIS)
class RedisOutageTest extends RouteTestSupport {

  private static final Duration TIMEOUT = Duration.ofMillis(100);
  // Far above the cache timeout, far below any wait on Redis; not a latency measurement.
  private static final Duration PROMPTLY = Duration.ofSeconds(1);

  private ControllableUpstream upstream;
  private RedisServerProcess redis;
  private OutageLog log;

  @BeforeAll
  void startUpstream() {
    upstream = TestUpstreams.start();
    // The first requests run cold code and open the upstream connection, which on a busy machine
    // can take longer than PROMPTLY by itself.
    Route warmUp = api(ReplyCache.disabled());
    for (int i = 0; i < 5; i++) {
      get(warmUp, "/v1/posts/100");
    }
  }

  @AfterAll
  void stopUpstream() {
    upstream.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    upstream.reset();
    redis = RedisServerProcess.onFreePort();
    log = new OutageLog();
  }

  @AfterEach
  void tearDown() throws Exception {
    log.close();
    redis.close();
  }

  @Test
  void aServerStoppedMidTestIsServedByTheUpstreamAndHitsAgainOnceBack() throws Exception {
    redis.start();
    ReplyCache cache = connectedCache();
    Route api = api(cache);
    assertThat(xCache(get(api, "/v1/posts/1"))).isEqualTo("MISS");
    assertThat(xCache(get(api, "/v1/posts/1"))).isEqualTo("HIT");

    redis.stop();

    for (int i = 0; i < 3; i++) {
      assertThat(xCache(promptly(api, "/v1/posts/1"))).isEqualTo("MISS");
    }
    assertThat(upstream.hits("/posts/1")).isEqualTo(4);
    assertThat(cacheState(api)).isEqualTo("down");

    redis.start();

    awaitHit(api, "/v1/posts/1");
    assertThat(cacheState(api)).isEqualTo("up");
    assertThat(log.at(Level.WARN, redis.port())).hasSize(1);
    assertThat(log.at(Level.INFO, redis.port())).hasSize(2).last().asString().contains("is back");
  }

  @Test
  void aServerDownAtStartIsServedByTheUpstreamAndConnectedLater() throws Exception {
    ReplyCache cache = TestCaches.create(system(), settings());
    Route api = api(cache);

    assertThat(xCache(promptly(api, "/v1/posts/2"))).isEqualTo("MISS");
    assertThat(xCache(promptly(api, "/v1/posts/2"))).isEqualTo("MISS");
    assertThat(cacheState(api)).isEqualTo("down");
    assertThat(upstream.hits("/posts/2")).isEqualTo(2);

    redis.start();

    awaitHit(api, "/v1/posts/2");
    assertThat(log.at(Level.WARN, redis.port()))
        .as("one warning, however many connects were retried")
        .hasSize(1);
    assertThat(log.at(Level.INFO, redis.port())).hasSize(1);
  }

  @Test
  void aPausedServerIsNotWaitedFor() throws Exception {
    redis.start();
    ReplyCache cache = connectedCache();
    Route api = api(cache);
    assertThat(xCache(get(api, "/v1/posts/3"))).isEqualTo("MISS");
    assertThat(xCache(get(api, "/v1/posts/3"))).isEqualTo("HIT");

    try (RawRedis raw = new RawRedis(redis.url())) {
      raw.commands().clientPause(PROMPTLY.multipliedBy(3).toMillis());

      assertThat(xCache(promptly(api, "/v1/posts/3"))).isEqualTo("MISS");
    }
    assertThat(upstream.hits("/posts/3")).isEqualTo(2);
    assertThat(log.at(Level.WARN, redis.port())).as("slow is not an outage").isEmpty();
  }

  private CacheSettings settings() {
    return TestCaches.settings(
        redis.url(), Duration.ofSeconds(60), Duration.ofSeconds(10), TIMEOUT);
  }

  private ReplyCache connectedCache() throws Exception {
    ReplyCache cache = TestCaches.create(system(), settings());
    TestCaches.awaitUp(cache, Duration.ofSeconds(10));
    return cache;
  }

  private Route api(ReplyCache cache) {
    Readiness readiness = new Readiness();
    readiness.ready();
    return new ApiRoutes(
            new PostsRoutes(
                    TestClients.client(system(), upstream.baseUrl(), Duration.ofSeconds(3), cache))
                .route(),
            readiness,
            cache.enabled() ? List.of(cache.check()) : List.of())
        .route();
  }

  private TestRouteResult get(Route api, String path) {
    return testRoute(api).run(HttpRequest.GET(path)).assertStatusCode(StatusCodes.OK);
  }

  /** Answered with 200, and well before anything waiting on Redis could have been. */
  private TestRouteResult promptly(Route api, String path) {
    long start = System.nanoTime();
    TestRouteResult result = get(api, path);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
    return result;
  }

  /** Asks until an answer comes from the cache again (the first ones refill it). */
  private void awaitHit(Route api, String path) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String outcome = xCache(get(api, path));
    while (!outcome.equals("HIT") && System.nanoTime() < deadline) {
      Thread.sleep(100);
      outcome = xCache(get(api, path));
    }
    assertThat(outcome).as("the cache reconnected by itself").isEqualTo("HIT");
  }

  private String cacheState(Route api) throws Exception {
    TestRouteResult ready =
        testRoute(api).run(HttpRequest.GET("/ready")).assertStatusCode(StatusCodes.OK);
    return Json.MAPPER
        .readTree(ready.entityString())
        .get("dependencies")
        .get("cache")
        .get("state")
        .asText();
  }

  private static String xCache(TestRouteResult result) {
    return result.response().getHeader("X-Cache").map(HttpHeader::value).orElse("(none)");
  }
}
