package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.Failure;
import dev.asyncexample.testing.ApiTestSupport;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stale-if-error (RFC 5861) through the API, run on each backend: an answer past its TTL is served
 * with {@code X-Cache: STALE} when refreshing it fails, for the stale window and no longer. Every
 * test uses paths of its own, since the cache lives as long as the class.
 */
abstract class StaleIfErrorContract extends ApiTestSupport {

  static final Duration TTL = Duration.ofMillis(300);
  static final Duration STALE_IF_ERROR = Duration.ofMillis(1500);

  /** The backend under test: {@code ""} for in-process, or a Redis URL. */
  protected abstract String redisUrl();

  protected ReplyCache replyCache;

  @Override
  protected ReplyCache cache() {
    CacheSettings settings =
        new CacheSettings(
            true,
            redisUrl(),
            TestCaches.uniquePrefix(),
            TTL,
            TTL,
            Duration.ofSeconds(1),
            1_000,
            STALE_IF_ERROR);
    replyCache = TestCaches.create(system(), settings);
    return replyCache;
  }

  @Override
  protected Duration upstreamTimeout() {
    return Duration.ofSeconds(1);
  }

  @ParameterizedTest
  @EnumSource(
      value = Failure.class,
      names = {"SERVER_ERROR", "MALFORMED_JSON", "WRONG_SHAPE", "CONNECTION_RESET"})
  void anExpiredAnswerIsServedStaleWhenRefreshingItFails(Failure failure) throws Exception {
    String path = "/v1/posts/" + (10 + List.of(Failure.values()).indexOf(failure));
    TestRouteResult fresh = get(path).assertStatusCode(StatusCodes.OK);
    Thread.sleep(TTL.toMillis() + 200);
    upstream.fail(failure);

    TestRouteResult stale = get(path).assertStatusCode(StatusCodes.OK);

    assertThat(header(stale, "X-Cache")).isEqualTo("STALE");
    assertThat(stale.entityBytes().toArray()).isEqualTo(fresh.entityBytes().toArray());
    assertThat(Long.parseLong(header(stale, "Age"))).isBetween(0L, 2L);
    assertThat(header(stale, "Cache-Control")).isEqualTo("max-age=0");
    // A reset connection is retried once by the pool, so the refresh may count twice.
    assertThat(upstream.totalHits()).as("the refresh was tried").isGreaterThanOrEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({"/v1/posts, /posts", "/v1/users/3/posts, /posts?userId=3"})
  void listsToo(String path, String upstreamPath) throws Exception {
    TestRouteResult fresh = get(path).assertStatusCode(StatusCodes.OK);
    Thread.sleep(TTL.toMillis() + 200);
    upstream.fail(Failure.SERVER_ERROR);

    TestRouteResult stale = get(path).assertStatusCode(StatusCodes.OK);

    assertThat(header(stale, "X-Cache")).isEqualTo("STALE");
    assertThat(stale.entityBytes().toArray()).isEqualTo(fresh.entityBytes().toArray());
    assertThat(upstream.hits(upstreamPath)).isEqualTo(2);
  }

  @Test
  void aTimedOutRefreshServesTheStaleAnswer() throws Exception {
    get("/v1/posts/30").assertStatusCode(StatusCodes.OK);
    Thread.sleep(TTL.toMillis() + 200);
    upstream.delay(upstreamTimeout().plusSeconds(1));

    assertThat(header(get("/v1/posts/30").assertStatusCode(StatusCodes.OK), "X-Cache"))
        .isEqualTo("STALE");
  }

  @Test
  void noCacheAsksForFreshOrAnError() throws Exception {
    get("/v1/posts/31").assertStatusCode(StatusCodes.OK);
    Thread.sleep(TTL.toMillis() + 200);
    upstream.fail(Failure.SERVER_ERROR);

    app()
        .run(
            HttpRequest.GET("/v1/posts/31")
                .addHeader(RawHeader.create("Cache-Control", "no-cache")))
        .assertStatusCode(StatusCodes.BAD_GATEWAY);
  }

  @Test
  void pastTheStaleWindowAFailureIsAnError() throws Exception {
    get("/v1/posts/32").assertStatusCode(StatusCodes.OK);
    Thread.sleep(TTL.plus(STALE_IF_ERROR).toMillis() + 300);
    upstream.fail(Failure.SERVER_ERROR);

    get("/v1/posts/32").assertStatusCode(StatusCodes.BAD_GATEWAY);
  }

  @Test
  void aSuccessfulRefreshReplacesTheStaleAnswer() throws Exception {
    get("/v1/posts/33").assertStatusCode(StatusCodes.OK);
    Thread.sleep(TTL.toMillis() + 200);
    upstream.fail(Failure.SERVER_ERROR);
    assertThat(header(get("/v1/posts/33"), "X-Cache")).isEqualTo("STALE");

    upstream.fail(Failure.NONE);
    assertThat(header(get("/v1/posts/33"), "X-Cache")).isEqualTo("MISS");
    TestRouteResult hit = get("/v1/posts/33");
    assertThat(header(hit, "X-Cache")).isEqualTo("HIT");
    assertThat(Long.parseLong(header(hit, "Age"))).isZero();
  }

  private TestRouteResult get(String path) {
    return app().run(HttpRequest.GET(path));
  }

  private static String header(TestRouteResult result, String name) {
    return result.response().getHeader(name).map(h -> h.value()).orElse("(none)");
  }
}
