package dev.asyncexample.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.testing.TestUpstreams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The upstream goes down with the cache full of expired answers: every cached key keeps answering
 * 200 (STALE), uncached keys fail fast once the breaker is open, and fresh answers return when the
 * upstream does.
 */
class StaleDuringOutageTest {

  private static final Duration TTL = Duration.ofMillis(500);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void cachedKeysServeStaleAndUncachedOnesFailFast() throws Exception {
    try (ControllableUpstream upstream = TestUpstreams.start();
        BoundApp app =
            BoundApp.start(
                FaultConfig.UPSTREAM_RESILIENCE
                    + "\nasync-example.upstream.base-url = \""
                    + upstream.baseUrl()
                    + "\"\nasync-example.upstream.timeout = 1s"
                    + "\nasync-example.cache.ttl = "
                    + TTL.toMillis()
                    + "ms\nasync-example.cache.stale-if-error = 10m")) {
      for (int id = 1; id <= 20; id++) {
        assertThat(get(app, id).statusCode()).isEqualTo(200);
      }
      Thread.sleep(TTL.toMillis() + 200);
      upstream.fail(Failure.DOWN);

      List<String> cached = new ArrayList<>();
      List<Integer> uncached = new ArrayList<>();
      long slowestShedMillis = 0;
      for (int round = 0; round < 3; round++) {
        for (int id = 1; id <= 20; id++) {
          HttpResponse<String> answer = get(app, id);
          cached.add(answer.statusCode() + " " + answer.headers().firstValue("X-Cache").orElse(""));
        }
        for (int id = 50; id < 60; id++) {
          long start = System.nanoTime();
          HttpResponse<String> answer = get(app, id);
          uncached.add(answer.statusCode());
          if (answer.statusCode() == 503) {
            slowestShedMillis =
                Math.max(slowestShedMillis, (System.nanoTime() - start) / 1_000_000);
          }
        }
      }

      assertThat(cached).containsOnly("200 STALE");
      assertThat(uncached).isSubsetOf(502, 503).contains(503);
      // Generous for a loaded 2-core machine; bench/faults measures the real figure.
      assertThat(slowestShedMillis).as("an open breaker answers at once").isLessThan(1000);

      upstream.fail(Failure.NONE);
      Thread.sleep(1500); // past the breaker's reset (FaultConfig)
      assertThat(get(app, 1).headers().firstValue("X-Cache")).contains("MISS");
      assertThat(get(app, 1).headers().firstValue("X-Cache")).contains("HIT");
    }
  }

  private HttpResponse<String> get(BoundApp app, int id) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/posts/" + id))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
