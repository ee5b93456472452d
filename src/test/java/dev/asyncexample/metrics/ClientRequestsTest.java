package dev.asyncexample.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Upstream calls as {@code http_client_requests_seconds}, and the pool's gauges. */
class ClientRequestsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ClientRequests calls = new ClientRequests(registry, "upstream.test", 4, 2);

  private CompletionStage<Integer> call(CompletableFuture<Integer> answer) {
    return calls.timed("/posts/{id}", () -> answer, status -> status, failure -> false);
  }

  @Test
  void recordsEachAnswerUnderItsStatus() throws Exception {
    assertThat(call(CompletableFuture.completedFuture(200)).toCompletableFuture().get())
        .isEqualTo(200);
    assertThat(call(CompletableFuture.completedFuture(500)).toCompletableFuture().get())
        .isEqualTo(500);
    Scrape scrape = Scrape.parse(registry.scrape());
    String count = "http_client_requests_seconds_count";
    assertThat(scrape.sum(count, Map.of("status", "200", "outcome", "SUCCESS"))).isEqualTo(1.0);
    assertThat(scrape.sum(count, Map.of("status", "500", "outcome", "SERVER_ERROR")))
        .isEqualTo(1.0);
  }
}
