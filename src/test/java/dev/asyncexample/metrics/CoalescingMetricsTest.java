package dev.asyncexample.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.posts.FetchCoalescer;
import dev.asyncexample.posts.Post;
import dev.asyncexample.posts.TestClients;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import dev.asyncexample.tracing.RequestContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What coalescing saves shows in the metrics: one fetch started, the other callers joined. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoalescingMetricsTest {

  private static final int CALLERS = 12;

  private ActorSystem system;
  private ControllableUpstream upstream;

  @BeforeAll
  void start() {
    system = ActorSystem.create("coalescing-metrics-test", TestConfig.base());
    upstream = TestUpstreams.start();
  }

  @AfterAll
  void stop() {
    upstream.close();
    Systems.stop(system);
  }

  @Test
  void callersOfAFetchInFlightCountAsJoined() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TestClients.ClientAndCoalescer wired =
        TestClients.withCoalescer(
            system,
            TestClients.settings(upstream.baseUrl(), Duration.ofSeconds(5)),
            ReplyCache.disabled(),
            registry);
    // The upstream answers only when released: every caller arrives while the fetch is in flight.
    ControllableUpstream.Gate gate = upstream.hold();
    List<CompletableFuture<Optional<Post>>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      answers.add(
          wired.client().find(9, RequestContext.untraced("caller-" + i)).toCompletableFuture());
    }
    assertThat(waiting(wired, "/posts/9")).isEqualTo(CALLERS);
    gate.release();
    for (CompletableFuture<Optional<Post>> answer : answers) {
      assertThat(answer.get(5, TimeUnit.SECONDS)).isPresent();
    }

    Scrape scrape = Scrape.parse(registry.scrape());
    Map<String, String> node = Map.of("scope", "node");
    assertThat(scrape.sum("upstream_fetches_started_total", node)).isEqualTo(1.0);
    assertThat(scrape.sum("upstream_fetches_joined_total", node)).isEqualTo(CALLERS - 1.0);
    assertThat(upstream.hits("/posts/9")).isEqualTo(1);
    assertThat(scrape.sum("http_client_requests_seconds_count", Map.of("uri", "/posts/{id}")))
        .isEqualTo(1.0);
  }

  private int waiting(TestClients.ClientAndCoalescer wired, String path) throws Exception {
    return AskPattern.<FetchCoalescer.Command, Integer>ask(
            wired.coalescer(),
            replyTo -> new FetchCoalescer.CountWaiting(path, replyTo),
            Duration.ofSeconds(3),
            Adapter.toTyped(system).scheduler())
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
