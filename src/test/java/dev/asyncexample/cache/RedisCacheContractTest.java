package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.testing.RequiresService;
import dev.asyncexample.testing.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache contract on the machine's Redis, under a key prefix of this class's own. */
@RequiresService(Service.REDIS)
class RedisCacheContractTest extends CacheContractTest {

  private RawRedis raw;

  @Override
  protected String redisUrl() {
    return TestCaches.SHARED_REDIS;
  }

  @Override
  protected String backendName() {
    return "redis";
  }

  @BeforeAll
  void connect() throws Exception {
    raw = new RawRedis(TestCaches.SHARED_REDIS);
    // The application's connection opens in the background; the contract starts once it is open.
    TestCaches.awaitUp(replyCache, Duration.ofSeconds(10));
  }

  @AfterAll
  void deleteTheKeysOfThisClass() {
    if (raw != null) {
      raw.deleteAll(settings.keyPrefix());
      raw.close();
    }
  }

  @Test
  void keysAreThePrefixedUpstreamPathAndQueryWithTheTtl() throws InterruptedException {
    get("/v1/users/2/posts").assertStatusCode(StatusCodes.OK);
    String key = settings.keyPrefix() + "/posts?userId=2";

    assertThat(raw.existsWithin(key, Duration.ofSeconds(5))).as("key %s stored", key).isTrue();
    assertThat(raw.commands().pttl(key)).isPositive().isLessThanOrEqualTo(TTL.toMillis());
  }

  @Test
  void garbageUnderAKeyIsAMissAndIsOverwritten() {
    String key = settings.keyPrefix() + "/posts/21";
    raw.commands().set(key, "not a cached reply".getBytes(StandardCharsets.UTF_8));

    assertThat(xCache(get("/v1/posts/21").assertStatusCode(StatusCodes.OK))).isEqualTo("MISS");
    assertThat(xCache(get("/v1/posts/21").assertStatusCode(StatusCodes.OK))).isEqualTo("HIT");
    assertThat(new String(raw.commands().get(key), StandardCharsets.UTF_8))
        .doesNotContain("not a cached reply")
        .contains("\"id\":21");
    assertThat(upstream.hits("/posts/21")).isEqualTo(1);
  }
}
