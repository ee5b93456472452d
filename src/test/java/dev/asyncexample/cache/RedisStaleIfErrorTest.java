package dev.asyncexample.cache;

import dev.asyncexample.testing.RequiresService;
import dev.asyncexample.testing.Service;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/** Stale-if-error on the machine's Redis: the stale answer outlives its TTL there too. */
@RequiresService(Service.REDIS)
class RedisStaleIfErrorTest extends StaleIfErrorContract {

  @Override
  protected String redisUrl() {
    return TestCaches.SHARED_REDIS;
  }

  @BeforeAll
  void connect() throws Exception {
    TestCaches.awaitUp(replyCache, Duration.ofSeconds(10));
  }
}
