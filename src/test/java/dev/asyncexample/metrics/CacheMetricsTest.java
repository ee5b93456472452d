package dev.asyncexample.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.cache.TestCaches;
import dev.asyncexample.testing.ApiTestSupport;
import dev.asyncexample.testing.ClosedPorts;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scala.concurrent.duration.FiniteDuration;

/** The cache's meters, per backend, as requests use it. */
class CacheMetricsTest {

  private abstract static class WithCache extends ApiTestSupport {

    @Override
    public FiniteDuration awaitDuration() {
      return FiniteDuration.create(10, TimeUnit.SECONDS);
    }

    Scrape scrape() {
      return Scrape.parse(app().run(HttpRequest.GET("/metrics")).entityString());
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class InProcess extends WithCache {

    @Override
    protected ReplyCache cache() {
      return TestCaches.create(
          system(),
          TestCaches.settings(
              "", Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(2)),
          metrics.registry());
    }

    @Test
    void countsAMissThenAHitAndWhatItKeeps() {
      Map<String, String> hits = Map.of("cache", "in-process", "result", "hit");
      Map<String, String> misses = Map.of("cache", "in-process", "result", "miss");
      Scrape before = scrape();
      app()
          .run(HttpRequest.GET("/v1/posts/5"))
          .assertStatusCode(200)
          .assertHeaderExists("X-Cache", "MISS");
      app()
          .run(HttpRequest.GET("/v1/posts/5"))
          .assertStatusCode(200)
          .assertHeaderExists("X-Cache", "HIT");
      Scrape after = scrape();

      assertThat(after.sum("cache_gets_total", misses) - before.sum("cache_gets_total", misses))
          .isEqualTo(1.0);
      assertThat(after.sum("cache_gets_total", hits) - before.sum("cache_gets_total", hits))
          .isEqualTo(1.0);
      Map<String, String> cache = Map.of("cache", "in-process");
      assertThat(after.sum("cache_puts_total", cache) - before.sum("cache_puts_total", cache))
          .isEqualTo(1.0);
      assertThat(after.sum("cache_size", cache)).isGreaterThanOrEqualTo(1.0);
      assertThat(after.sum("cache_errors_total", cache)).isZero();
      assertThat(after.sum("async_example_dependency_up", Map.of("dependency", "cache")))
          .isEqualTo(1.0);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class UnreachableRedis extends WithCache {

    @Override
    protected ReplyCache cache() {
      return TestCaches.create(
          system(),
          TestCaches.settings(
              "redis://127.0.0.1:" + ClosedPorts.one(),
              Duration.ofMinutes(1),
              Duration.ofSeconds(10),
              Duration.ofMillis(200)),
          metrics.registry());
    }

    @Test
    void countsFailedLookupsAsMissesAndErrorsAndReportsRedisDown() {
      Map<String, String> misses = Map.of("cache", "redis", "result", "miss");
      Map<String, String> getErrors = Map.of("cache", "redis", "operation", "get");
      Scrape before = scrape();
      app().run(HttpRequest.GET("/v1/posts/6")).assertStatusCode(200);
      Scrape after = scrape();

      assertThat(after.sum("cache_gets_total", misses) - before.sum("cache_gets_total", misses))
          .isEqualTo(1.0);
      assertThat(
              after.sum("cache_errors_total", getErrors)
                  - before.sum("cache_errors_total", getErrors))
          .isEqualTo(1.0);
      assertThat(
              after.sum(
                  "async_example_dependency_up", Map.of("dependency", "cache", "backend", "redis")))
          .isZero();
    }
  }
}
