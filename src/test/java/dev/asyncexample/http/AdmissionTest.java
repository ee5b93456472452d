package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Admission control over a real server: past max-in-flight requests at work, a request is answered
 * 503 at once instead of waiting, probes still pass, and service resumes once load falls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdmissionTest {

  private static final int LIMIT = 3;

  private ActorSystem client;
  private ControllableUpstream upstream;
  private AsyncExampleApp.Running app;
  private String base;

  @BeforeAll
  void start() throws Exception {
    client =
        ActorSystem.create(
            "admission-client", TestConfig.with("pekko.http.host-connection-pool.max-retries = 0"));
    upstream = TestUpstreams.start();
    app =
        AsyncExampleApp.start(
            TestConfig.with(
                "async-example.http.max-in-flight = "
                    + LIMIT
                    + "\nasync-example.upstream.base-url = \""
                    + upstream.baseUrl()
                    + "\""));
    int port =
        app.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  void stop() throws Exception {
    app.system().terminate();
    app.system().getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    upstream.close();
    Systems.stop(client);
  }

  @Test
  void pastTheLimitRequestsAreShedAtOnceWhileProbesPassAndServiceResumes() throws Exception {
    ControllableUpstream.Gate gate = upstream.hold();
    List<CompletableFuture<HttpResponse>> held = new ArrayList<>();
    for (int id = 11; id < 11 + LIMIT; id++) {
      held.add(HttpCalls.sendAsync(client, HttpRequest.GET(base + "/v1/posts/" + id)));
    }
    upstream.awaitHits(LIMIT).toCompletableFuture().get(10, TimeUnit.SECONDS);

    long start = System.nanoTime();
    HttpResponse shed = HttpCalls.send(client, HttpRequest.GET(base + "/v1/posts/20"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(shed.status().intValue()).isEqualTo(503);
    assertThat(took).isLessThan(Duration.ofSeconds(1));
    assertThat(HttpCalls.body(client, shed))
        .isEqualTo("{\"detail\":\"The server is busy; try again shortly\"}");
    assertThat(shed.getHeader("Retry-After").map(HttpHeader::value)).hasValue("1");
    assertThat(shed.getHeader("X-Request-Id")).isPresent();
    assertThat(shed.getHeader("X-Content-Type-Options").map(HttpHeader::value)).hasValue("nosniff");
    assertThat(upstream.hits("/posts/20")).isZero();
    assertThat(status("/health")).isEqualTo(200);
    assertThat(status("/ready")).isEqualTo(200);
    assertThat(status("/metrics")).isEqualTo(200);

    gate.release();
    for (CompletableFuture<HttpResponse> call : held) {
      assertThat(call.get(10, TimeUnit.SECONDS).status().intValue()).isEqualTo(200);
    }
    assertThat(status("/v1/posts/20")).isEqualTo(200);
    // The shed request is measured too, under no route's name.
    HttpResponse metrics = HttpCalls.send(client, HttpRequest.GET(base + "/metrics"));
    assertThat(HttpCalls.body(client, metrics))
        .contains(
            "http_server_requests_seconds_count{exception=\"none\",method=\"GET\","
                + "outcome=\"SERVER_ERROR\",status=\"503\",uri=\"UNKNOWN\"} 1");
  }

  private int status(String path) throws Exception {
    return HttpCalls.send(client, HttpRequest.GET(base + path)).status().intValue();
  }
}
