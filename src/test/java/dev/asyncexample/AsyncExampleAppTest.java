package dev.asyncexample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncexample.config.InvalidSettingsException;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.ClosedPorts;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The whole application on a free port, called over real HTTP like any client would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncExampleAppTest {

  private ActorSystem client;
  private ControllableUpstream upstream;
  private AsyncExampleApp.Running app;

  @BeforeAll
  void startClientAndUpstream() {
    // No retries: a request the server dropped must fail as itself, not as a refused retry.
    client =
        ActorSystem.create(
            "e2e-client", TestConfig.with("pekko.http.host-connection-pool.max-retries = 0"));
    upstream = TestUpstreams.start();
  }

  @AfterEach
  void stopApp() throws Exception {
    if (app != null) {
      app.system().terminate();
      app.system().getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
      app = null;
    }
    upstream.reset();
  }

  @AfterAll
  void stopClientAndUpstream() {
    upstream.close();
    Systems.stop(client);
  }

  @Test
  void servesTheApiOverHttp() throws Exception {
    String base = startApp(upstreamUrl());

    HttpResponse post = get(base + "/v1/posts/1");
    assertThat(post.status().intValue()).isEqualTo(200);
    assertThat(post.entity().getContentType().toString()).isEqualTo("application/json");
    assertThat(body(post)).startsWith("{\"userId\":1,\"id\":1,");
    assertThat(body(get(base + "/"))).contains("Welcome to the API Wrapper Example");
    assertThat(get(base + "/ready").status().intValue()).isEqualTo(200);
  }

  @Test
  void embeddedUpstreamRunsInsideTheApplication() throws Exception {
    String base = startApp("embedded");

    HttpResponse posts = get(base + "/v1/users/2/posts");
    assertThat(posts.status().intValue()).isEqualTo(200);
    assertThat(body(posts)).contains("\"userId\":2").doesNotContain("\"userId\":1,");
    assertThat(upstream.totalHits()).isZero();
  }

  @Test
  void embeddedUpstreamInsideTheApplicationAnswersAfterItsLatency() throws Exception {
    String base = startApp("embedded", "async-example.embedded-upstream.latency = 300ms");

    long started = System.nanoTime();
    HttpResponse posts = get(base + "/v1/users/3/posts");

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(body(posts)).contains("\"userId\":3");
  }

  @Test
  void aBadEmbeddedLatencyStopsTheStartWithItsKey() {
    assertThatThrownBy(
            () ->
                AsyncExampleApp.start(
                    TestConfig.with(
                        "async-example.upstream.base-url = embedded\n"
                            + "async-example.embedded-upstream.latency = -1s")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("async-example.embedded-upstream.latency: must be 0s..10s");
  }

  @Test
  void oversizedUriAndHeadersAreRefusedAsJsonAndServingGoesOn() throws Exception {
    String base = startApp(upstreamUrl());

    HttpResponse longUri = get(base + "/v1/posts?q=" + "a".repeat(20_000));
    HttpResponse bigHeader =
        send(HttpRequest.GET(base + "/").addHeader(RawHeader.create("X-Big", "b".repeat(20_000))));

    assertThat(longUri.status().intValue()).isEqualTo(414);
    assertThat(body(longUri)).startsWith("{\"detail\":\"The request URI is too long");
    assertThat(bigHeader.status().intValue()).isIn(400, 431);
    assertThat(body(bigHeader)).startsWith("{\"detail\":");
    for (HttpResponse refused : List.of(longUri, bigHeader)) {
      assertThat(refused.getHeader("X-Request-Id")).isPresent();
      assertThat(refused.getHeader("X-Content-Type-Options").map(h -> h.value()))
          .hasValue("nosniff");
    }
    assertThat(get(base + "/v1/posts/2").status().intValue()).isEqualTo(200);
  }

  @Test
  void requestInFlightWhenShutdownStartsStillCompletes() throws Exception {
    String base = startApp(upstreamUrl());
    ControllableUpstream.Gate gate = upstream.hold();
    CompletionStage<HttpResponse> inFlight =
        Http.get(client)
            .singleRequest(
                HttpRequest.GET(base + "/v1/posts/4")
                    .addHeader(RawHeader.create("X-Request-Id", "in-flight-4")));
    // Our own request, forwarded by the app, is what the upstream holds now.
    upstream.awaitRequest("in-flight-4").toCompletableFuture().get(5, TimeUnit.SECONDS);

    // A task of our own in the drain phase: when it runs, the unbind phase is over and the app's
    // drain runs beside it, so the held answer is let through while shutdown waits for it.
    CompletableFuture<Done> draining = new CompletableFuture<>();
    CompletableFuture<Done> released = new CompletableFuture<>();
    CoordinatedShutdown.get(app.system())
        .addTask(
            CoordinatedShutdown.PhaseServiceRequestsDone(),
            "test-release-upstream",
            () -> {
              draining.complete(Done.getInstance());
              return released;
            });
    CompletionStage<?> shutdown =
        CoordinatedShutdown.get(app.system()).runAll(CoordinatedShutdown.unknownReason());
    draining.get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> get(base + "/health")).isInstanceOf(ExecutionException.class);
    gate.release();
    released.complete(Done.getInstance());

    HttpResponse response = inFlight.toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(response.status().intValue()).isEqualTo(200);
    assertThat(body(response)).contains("\"id\":4");
    shutdown.toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertThat(app.system().getWhenTerminated().toCompletableFuture().isDone()).isTrue();
  }

  @Test
  void shutdownDoesNotHangAfterTheUpstreamPoolOverflowed() throws Exception {
    // A long phase timeout, so only our own bound on closing the pool can end shutdown in time.
    String base =
        startApp(
            upstreamUrl(),
            """
            pekko.http.host-connection-pool.max-connections = 1
            pekko.http.host-connection-pool.max-open-requests = 1
            pekko.coordinated-shutdown.phases.service-stop.timeout = 30s
            """);
    ControllableUpstream.Gate gate = upstream.hold();
    List<CompletableFuture<HttpResponse>> calls = new ArrayList<>();
    for (int id = 1; id <= 6; id++) {
      calls.add(
          Http.get(client)
              .singleRequest(HttpRequest.GET(base + "/v1/posts/" + id))
              .toCompletableFuture());
    }
    HttpResponse first =
        (HttpResponse)
            CompletableFuture.anyOf(calls.toArray(CompletableFuture[]::new))
                .get(10, TimeUnit.SECONDS);
    assertThat(first.status().intValue()).isEqualTo(503);
    gate.release();
    for (CompletableFuture<HttpResponse> call : calls) {
      body(call.get(10, TimeUnit.SECONDS));
    }

    CoordinatedShutdown.get(app.system()).runAll(CoordinatedShutdown.unknownReason());

    app.system().getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void duringTheUnreadyDelayReadyIs503WhileRequestsAreStillServed() throws Exception {
    String base = startApp(upstreamUrl(), "async-example.http.unready-delay = 3s");
    assertThat(get(base + "/ready").status().intValue()).isEqualTo(200);

    CompletionStage<?> shutdown =
        CoordinatedShutdown.get(app.system()).runAll(CoordinatedShutdown.unknownReason());
    // The first shutdown phase flips readiness; each probe is a full round trip, so no sleeping.
    int ready = 200;
    for (int probe = 0; probe < 500 && ready == 200; probe++) {
      ready = get(base + "/ready").status().intValue();
    }

    assertThat(ready).isEqualTo(503);
    assertThat(get(base + "/v1/posts/1").status().intValue()).isEqualTo(200);
    shutdown.toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  @Test
  void unreachableDatabaseLeavesTheRestOfTheApiServing() throws Exception {
    String base =
        startApp(
            upstreamUrl(),
            "async-example.database.url = \"postgresql://postgres@127.0.0.1:"
                + ClosedPorts.one()
                + "/test\"");

    HttpResponse bookmarks = get(base + "/v1/users/1/bookmarks");
    assertThat(bookmarks.status().intValue()).isEqualTo(503);
    assertThat(body(bookmarks)).isEqualTo("{\"detail\":\"Database unavailable\"}");
    assertThat(get(base + "/v1/posts/1").status().intValue()).isEqualTo(200);
    HttpResponse ready = get(base + "/ready");
    assertThat(ready.status().intValue()).isEqualTo(200);
    assertThat(body(ready)).contains("\"database\":{\"backend\":\"postgresql\",\"state\":\"down\"");
  }

  @Test
  void portInUseStopsStartUp() throws Exception {
    String base = startApp(upstreamUrl());
    int taken = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));

    AsyncExampleApp.Running second =
        AsyncExampleApp.start(
            TestConfig.with(
                "async-example.http.port = "
                    + taken
                    + "\nasync-example.upstream.base-url = \""
                    + upstream.baseUrl()
                    + "\""));

    assertThatThrownBy(() -> second.binding().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    second.system().getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private String startApp(String upstreamValue) throws Exception {
    return startApp(upstreamValue, "");
  }

  /** Starts the app on a free port with {@code extraConfig} (HOCON) and returns its base URL. */
  private String startApp(String upstreamValue, String extraConfig) throws Exception {
    app =
        AsyncExampleApp.start(
            TestConfig.with(extraConfig + "\nasync-example.upstream.base-url = " + upstreamValue));
    int port =
        app.binding().toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
    return "http://127.0.0.1:" + port;
  }

  private String upstreamUrl() {
    return "\"" + upstream.baseUrl() + "\"";
  }

  private HttpResponse get(String uri) throws Exception {
    return send(HttpRequest.GET(uri));
  }

  private HttpResponse send(HttpRequest request) throws Exception {
    return HttpCalls.send(client, request);
  }

  private String body(HttpResponse response) throws Exception {
    return HttpCalls.body(client, response);
  }
}
