package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.posts.FetchCoalescer;
import dev.asyncexample.testing.ApiTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the cache promises through the API, run on each backend. The cache lives as long as the
 * class, so every test uses paths of its own; the upstream counts its hits per test.
 */
abstract class CacheContractTest extends ApiTestSupport {

  static final Duration TTL = Duration.ofSeconds(2);
  static final Duration NOT_FOUND_TTL = Duration.ofMillis(500);
  // Generous, so that a busy machine never turns a hit into a miss; the fault tests use a short
  // one.
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  protected CacheSettings settings;
  protected ReplyCache replyCache;

  /** The backend under test: {@code ""} for in-process, or a Redis URL. */
  protected abstract String redisUrl();

  /** What {@code /ready} calls that backend. */
  protected abstract String backendName();

  @Override
  protected ReplyCache cache() {
    settings = TestCaches.settings(redisUrl(), TTL, NOT_FOUND_TTL, TIMEOUT);
    replyCache = TestCaches.create(system(), settings);
    return replyCache;
  }

  @ParameterizedTest
  @CsvSource({"/v1/posts, /posts", "/v1/posts/1, /posts/1", "/v1/users/1/posts, /posts?userId=1"})
  void firstRequestMissesThenTheSameBodyIsServedFromTheCache(String path, String upstreamPath) {
    TestRouteResult miss = get(path).assertStatusCode(StatusCodes.OK);
    assertThat(xCache(miss)).isEqualTo("MISS");
    assertThat(upstream.hits(upstreamPath)).isEqualTo(1);

    TestRouteResult hit =
        get(path).assertStatusCode(StatusCodes.OK).assertMediaType("application/json");

    assertThat(xCache(hit)).isEqualTo("HIT");
    assertThat(hit.entityBytes().toArray()).isEqualTo(miss.entityBytes().toArray());
    assertThat(upstream.hits(upstreamPath)).isEqualTo(1);
  }

  @Test
  void anEntryExpiresAfterTheTtl() throws Exception {
    long start = System.nanoTime();
    assertThat(xCache(get("/v1/posts/11").assertStatusCode(StatusCodes.OK))).isEqualTo("MISS");
    assertThat(xCache(get("/v1/posts/11").assertStatusCode(StatusCodes.OK))).isEqualTo("HIT");

    Duration servedFor = timeUntilMiss("/v1/posts/11", start, TTL.plusSeconds(3));

    assertThat(servedFor).isGreaterThanOrEqualTo(TTL);
    assertThat(upstream.hits("/posts/11")).isEqualTo(2);
  }

  @Test
  void anUpstream404IsCachedForTheShorterTtl() throws Exception {
    long start = System.nanoTime();
    TestRouteResult miss =
        get("/v1/posts/999")
            .assertStatusCode(StatusCodes.NOT_FOUND)
            .assertEntity("{\"detail\":\"Post not found\"}");
    assertThat(xCache(miss)).isEqualTo("MISS");
    TestRouteResult hit =
        get("/v1/posts/999")
            .assertStatusCode(StatusCodes.NOT_FOUND)
            .assertEntity("{\"detail\":\"Post not found\"}");
    assertThat(xCache(hit)).isEqualTo("HIT");
    assertThat(upstream.hits("/posts/999")).isEqualTo(1);

    Duration servedFor = timeUntilMiss("/v1/posts/999", start, TTL);

    assertThat(servedFor).isGreaterThanOrEqualTo(NOT_FOUND_TTL).isLessThan(TTL);
  }

  @Test
  void aUserWithoutPostsIsCachedAndStill404() {
    TestRouteResult miss =
        get("/v1/users/77/posts")
            .assertStatusCode(StatusCodes.NOT_FOUND)
            .assertEntity("{\"detail\":\"No posts found for this user\"}");
    TestRouteResult hit =
        get("/v1/users/77/posts")
            .assertStatusCode(StatusCodes.NOT_FOUND)
            .assertEntity("{\"detail\":\"No posts found for this user\"}");

    assertThat(List.of(xCache(miss), xCache(hit))).containsExactly("MISS", "HIT");
    assertThat(upstream.hits("/posts?userId=77")).isEqualTo(1);
  }

  @Test
  void noCacheSkipsTheReadAndRefreshesTheEntry() throws Exception {
    assertThat(xCache(get("/v1/posts/12").assertStatusCode(StatusCodes.OK))).isEqualTo("MISS");
    long firstStored = System.nanoTime();
    sleepUntil(firstStored + TTL.toNanos() / 2);

    TestRouteResult refreshed =
        app()
            .run(
                HttpRequest.GET("/v1/posts/12")
                    .addHeader(RawHeader.create("Cache-Control", "max-age=0, No-Cache")))
            .assertStatusCode(StatusCodes.OK);
    assertThat(xCache(refreshed)).isEqualTo("MISS");
    assertThat(upstream.hits("/posts/12")).isEqualTo(2);

    // The first entry has expired by now; only the refreshed one can answer.
    sleepUntil(firstStored + TTL.toNanos() + Duration.ofMillis(300).toNanos());
    assertThat(xCache(get("/v1/posts/12").assertStatusCode(StatusCodes.OK))).isEqualTo("HIT");
    assertThat(upstream.hits("/posts/12")).isEqualTo(2);
  }

  @Test
  void concurrentMissesStillCoalesceIntoOneUpstreamCall() throws Exception {
    int callers = 20;
    ControllableUpstream.Gate gate = upstream.hold();
    List<TestRouteResult> answers = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      answers.add(get("/v1/posts/13"));
    }
    awaitWaiting("/posts/13", callers);
    gate.release();

    byte[] first = answers.get(0).assertStatusCode(StatusCodes.OK).entityBytes().toArray();
    for (TestRouteResult answer : answers) {
      assertThat(xCache(answer.assertStatusCode(StatusCodes.OK))).isEqualTo("MISS");
      assertThat(answer.entityBytes().toArray()).isEqualTo(first);
    }
    assertThat(upstream.hits("/posts/13")).isEqualTo(1);
    assertThat(xCache(get("/v1/posts/13"))).isEqualTo("HIT");
    assertThat(upstream.hits("/posts/13")).isEqualTo(1);
  }

  @Test
  void upstreamFailuresAreNotCached() {
    upstream.fail(Failure.SERVER_ERROR);
    get("/v1/posts/14").assertStatusCode(StatusCodes.BAD_GATEWAY);
    upstream.fail(Failure.MALFORMED_JSON);
    get("/v1/posts/14").assertStatusCode(StatusCodes.BAD_GATEWAY);
    upstream.fail(Failure.NONE);

    assertThat(xCache(get("/v1/posts/14").assertStatusCode(StatusCodes.OK))).isEqualTo("MISS");
    assertThat(xCache(get("/v1/posts/14").assertStatusCode(StatusCodes.OK))).isEqualTo("HIT");
    assertThat(upstream.hits("/posts/14")).isEqualTo(3);
  }

  @Test
  void readyReportsTheCacheUp() {
    TestRouteResult ready = get("/ready").assertStatusCode(StatusCodes.OK);

    assertThat(json(ready).get("status").asText()).isEqualTo("ready");
    assertThat(json(ready).get("dependencies").get("cache").get("backend").asText())
        .isEqualTo(backendName());
    assertThat(json(ready).get("dependencies").get("cache").get("state").asText()).isEqualTo("up");
  }

  protected TestRouteResult get(String path) {
    return app().run(HttpRequest.GET(path));
  }

  protected static String xCache(TestRouteResult result) {
    return result.response().getHeader("X-Cache").map(HttpHeader::value).orElse("(none)");
  }

  /** Asks every 50 ms until the answer is a miss; returns how long after {@code start} that was. */
  private Duration timeUntilMiss(String path, long start, Duration within) throws Exception {
    while (true) {
      String outcome = xCache(get(path));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      if (outcome.equals("MISS")) {
        return elapsed;
      }
      assertThat(elapsed).as("still %s after", outcome).isLessThan(within);
      Thread.sleep(50);
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private void awaitWaiting(String url, int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int waiting = waiting(url);
    while (waiting < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      waiting = waiting(url);
    }
    assertThat(waiting).isEqualTo(expected);
  }

  private int waiting(String url) throws Exception {
    return AskPattern.<FetchCoalescer.Command, Integer>ask(
            coalescer,
            replyTo -> new FetchCoalescer.CountWaiting(url, replyTo),
            Duration.ofSeconds(3),
            Adapter.toTyped(system()).scheduler())
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
