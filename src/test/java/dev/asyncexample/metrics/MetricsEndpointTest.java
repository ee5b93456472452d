package dev.asyncexample.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.Failure;
import dev.asyncexample.http.RouteTemplate;
import dev.asyncexample.testing.ApiTestSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;
import scala.concurrent.duration.FiniteDuration;

/** {@code GET /metrics} of the whole API: what requests and upstream calls leave in it. */
class MetricsEndpointTest extends ApiTestSupport {

  @Override
  public FiniteDuration awaitDuration() {
    // A first call on a cold path can take seconds on a busy machine.
    return FiniteDuration.create(10, TimeUnit.SECONDS);
  }

  private Scrape scrape() {
    TestRouteResult result = app().run(HttpRequest.GET("/metrics"));
    assertThat(result.response().status().intValue()).isEqualTo(200);
    return Scrape.parse(result.entityString());
  }

  private static Map<String, String> server(String uri, String status, String outcome) {
    return Map.of(
        "method", "GET", "uri", uri, "status", status, "outcome", outcome, "exception", "none");
  }

  @Test
  void servesThePrometheusTextFormatByDefaultAndOpenMetricsOnRequest() {
    TestRouteResult text = app().run(HttpRequest.GET("/metrics"));
    assertThat(text.response().entity().getContentType().toString())
        .isEqualTo("text/plain; version=0.0.4; charset=UTF-8");
    assertThat(text.entityString()).contains("# TYPE http_server_requests_seconds histogram");

    TestRouteResult open =
        app()
            .run(
                HttpRequest.GET("/metrics")
                    .addHeader(
                        HttpHeader.parse(
                            "Accept",
                            "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")));
    assertThat(open.response().entity().getContentType().toString())
        .startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(open.entityString()).endsWith("# EOF\n");
  }

  @Test
  void timesEachRequestUnderItsRouteTemplateStatusAndOutcome() {
    Scrape before = scrape();
    app().run(HttpRequest.GET("/v1/posts/1")).assertStatusCode(200);
    app().run(HttpRequest.GET("/v1/posts/2")).assertStatusCode(200);
    app().run(HttpRequest.GET("/v1/posts/999")).assertStatusCode(404);
    Scrape after = scrape();

    String count = "http_server_requests_seconds_count";
    Map<String, String> ok = server("/v1/posts/{post_id}", "200", "SUCCESS");
    Map<String, String> missing = server("/v1/posts/{post_id}", "404", "CLIENT_ERROR");
    assertThat(after.sum(count, ok) - before.sum(count, ok)).isEqualTo(2.0);
    assertThat(after.sum(count, missing) - before.sum(count, missing)).isEqualTo(1.0);
    // A histogram: buckets up to +Inf hold every request, and the sum is a positive duration.
    assertThat(
            after.sum(
                "http_server_requests_seconds_bucket",
                Map.of("uri", "/v1/posts/{post_id}", "status", "200", "le", "+Inf")))
        .isEqualTo(after.sum(count, ok));
    assertThat(after.sum("http_server_requests_seconds_sum", ok)).isPositive();
  }

  @Test
  void rawPathsNeverBecomeLabelValues() {
    List<String> raw = new ArrayList<>();
    List<String> randoms = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String random = UUID.randomUUID().toString();
      randoms.add(random);
      raw.add("/" + random);
      raw.add("/v1/posts/" + random);
      raw.add("/v1/users/" + random + "/posts");
      raw.add("/v1/posts/1/" + random);
      raw.add("/metrics/" + random);
    }
    raw.add("/v1/posts/abc?userId=%22%7D");
    raw.add("/v1/users/1/bookmarks/x");
    for (String path : raw) {
      app().run(HttpRequest.GET(path));
    }
    Scrape after = scrape();

    Set<String> allowed = new HashSet<>(RouteTemplate.declared());
    allowed.add(RouteTemplate.UNKNOWN);
    Set<String> uris = after.labelValues("http_server_requests_seconds", "uri");
    assertThat(allowed).containsAll(uris);
    assertThat(uris).contains(RouteTemplate.UNKNOWN, "/v1/posts/{post_id}");
    String text = app().run(HttpRequest.GET("/metrics")).entityString();
    for (String random : randoms) {
      assertThat(text).doesNotContain(random);
    }
  }

  @Test
  void timesUpstreamCallsUnderTheirTemplateAndStatus() {
    Map<String, String> ok =
        Map.of("uri", "/posts/{id}", "status", "200", "outcome", "SUCCESS", "method", "GET");
    Map<String, String> failed =
        Map.of("uri", "/posts/{id}", "status", "500", "outcome", "SERVER_ERROR", "method", "GET");
    Map<String, String> list = Map.of("uri", "/posts?userId={userId}", "status", "200");
    String count = "http_client_requests_seconds_count";
    Scrape before = scrape();

    app().run(HttpRequest.GET("/v1/posts/3")).assertStatusCode(200);
    app().run(HttpRequest.GET("/v1/users/2/posts")).assertStatusCode(200);
    upstream.fail(Failure.SERVER_ERROR);
    app().run(HttpRequest.GET("/v1/posts/4")).assertStatusCode(502);
    Scrape after = scrape();

    assertThat(after.sum(count, ok) - before.sum(count, ok)).isEqualTo(1.0);
    assertThat(after.sum(count, list) - before.sum(count, list)).isEqualTo(1.0);
    assertThat(after.sum(count, failed) - before.sum(count, failed)).isEqualTo(1.0);
    assertThat(after.find(count, Map.of("client_name", "127.0.0.1"))).isNotEmpty();
    Map<String, String> badGateway = server("/v1/posts/{post_id}", "502", "SERVER_ERROR");
    assertThat(
            after.sum("http_server_requests_seconds_count", badGateway)
                - before.sum("http_server_requests_seconds_count", badGateway))
        .isEqualTo(1.0);
    // Nothing is in flight once every call has been answered.
    assertThat(after.sum("upstream_pool_in_flight", Map.of())).isZero();
  }

  @Test
  void reportsDependenciesPoolsTheBreakerAndTheJvm() throws InterruptedException {
    Scrape now = scrape();
    // The GC pause meters exist from the first collection on; a short run may not have had one.
    for (int i = 0; i < 50 && !now.names().contains("jvm_gc_pause_seconds_count"); i++) {
      System.gc();
      Thread.sleep(100);
      now = scrape();
    }
    assertThat(
            now.sum(
                "async_example_dependency_up", Map.of("dependency", "database", "backend", "h2")))
        .isEqualTo(1.0);
    assertThat(now.sum("async_example_dependency_up", Map.of("dependency", "upstream")))
        .isEqualTo(1.0);
    assertThat(now.sum("r2dbc_pool_max_allocated_connections", Map.of("name", "async-example-db")))
        .isEqualTo(4.0);
    assertThat(now.sum("upstream_breaker_state", Map.of("state", "closed"))).isEqualTo(1.0);
    assertThat(now.sum("upstream_breaker_state", Map.of("state", "open"))).isZero();
    assertThat(now.sum("jvm_threads_started_threads_total", Map.of())).isPositive();
    assertThat(now.names())
        .contains(
            "jvm_memory_used_bytes",
            "jvm_gc_pause_seconds_count",
            "jvm_gc_overhead",
            "jvm_gc_memory_allocated_bytes_total",
            "jvm_threads_live_threads",
            "process_cpu_usage",
            "process_uptime_seconds",
            "process_files_open_files",
            "upstream_pool_overflows_total",
            "upstream_fetches_started_total",
            "upstream_fetches_joined_total");
  }
}
