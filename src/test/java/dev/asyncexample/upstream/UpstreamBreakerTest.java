package dev.asyncexample.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.posts.FetchCoalescer;
import dev.asyncexample.testing.ApiTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker in front of the upstream, through the whole API: it opens after consecutive
 * failures, then answers 503 at once without calling the upstream, and one successful trial call
 * closes it again. The upstream counts the calls that reach it.
 */
class UpstreamBreakerTest extends ApiTestSupport {

  private static final int FAILURES = 3;
  private static final Duration RESET = Duration.ofMillis(800);

  private final ExecutorService callers = Executors.newFixedThreadPool(10);

  @Override
  protected UpstreamSettings upstreamSettings(String baseUrl) {
    return new UpstreamSettings(baseUrl, Duration.ofSeconds(1), 1 << 20, FAILURES, RESET);
  }

  @BeforeEach
  void closeTheBreaker() throws Exception {
    // Each test starts with a closed breaker and a warm connection: heal the upstream and let a
    // trial call through.
    upstream.reset();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (app().run(HttpRequest.GET("/v1/posts/1")).response().status().intValue() != 200) {
      assertThat(System.nanoTime()).as("breaker closes again").isLessThan(deadline);
      Thread.sleep(50);
    }
    upstream.reset();
  }

  @AfterAll
  void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void opensAfterConsecutiveFailuresAndFailsFastWithoutCallingTheUpstream() throws Exception {
    upstream.fail(Failure.SERVER_ERROR);
    for (int i = 1; i <= FAILURES; i++) {
      app().run(HttpRequest.GET("/v1/posts/" + i)).assertStatusCode(StatusCodes.BAD_GATEWAY);
    }
    assertThat(upstream.totalHits()).isEqualTo(FAILURES);

    TestRouteResult shed = app().run(HttpRequest.GET("/v1/posts/9"));
    shed.assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE)
        .assertMediaType("application/json")
        .assertEntity("{\"detail\":\"Upstream unavailable\"}");
    int retryAfter = Integer.parseInt(shed.response().getHeader("Retry-After").get().value());
    assertThat(retryAfter).isBetween(1, (int) Math.ceil(RESET.toMillis() / 1000.0));
    assertThat(upstream.totalHits()).as("an open breaker calls nobody").isEqualTo(FAILURES);

    // The rest of the API serves, and readiness says why the upstream is not asked.
    TestRouteResult ready = app().run(HttpRequest.GET("/ready"));
    ready.assertStatusCode(StatusCodes.OK);
    JsonNode state = json(ready).path("dependencies").path("upstream");
    assertThat(state.path("state").asText()).isEqualTo("down");
    assertThat(state.path("detail").asText()).contains("circuit breaker open");
  }

  @Test
  void aSuccessfulTrialCallClosesItAndAFailedOneOpensItAgain() throws Exception {
    upstream.fail(Failure.SERVER_ERROR);
    for (int i = 1; i <= FAILURES; i++) {
      app().run(HttpRequest.GET("/v1/posts/" + i)).assertStatusCode(StatusCodes.BAD_GATEWAY);
    }
    awaitHalfOpen();
    // Half-open: the trial call reaches the upstream, fails, and the breaker opens again.
    app().run(HttpRequest.GET("/v1/posts/1")).assertStatusCode(StatusCodes.BAD_GATEWAY);
    assertThat(upstream.totalHits()).isEqualTo(FAILURES + 1);
    app().run(HttpRequest.GET("/v1/posts/1")).assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);

    upstream.fail(Failure.NONE);
    awaitHalfOpen();
    app().run(HttpRequest.GET("/v1/posts/2")).assertStatusCode(StatusCodes.OK);
    app().run(HttpRequest.GET("/v1/posts/3")).assertStatusCode(StatusCodes.OK);
    assertThat(upstream.totalHits()).isEqualTo(FAILURES + 3);
    TestRouteResult ready = app().run(HttpRequest.GET("/ready"));
    assertThat(json(ready).path("dependencies").path("upstream").path("state").asText())
        .isEqualTo("up");
  }

  /**
   * Waits for the reset timeout to pass as the breaker sees it (readiness reports its state without
   * calling the upstream): a fixed sleep of the reset time lost the race on a loaded machine, where
   * the breaker's scheduled half-open came late.
   */
  private void awaitHalfOpen() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!json(app().run(HttpRequest.GET("/ready")))
        .path("dependencies")
        .path("upstream")
        .path("detail")
        .asText()
        .contains("half-open")) {
      assertThat(System.nanoTime()).as("the breaker turns half-open").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void timeoutsCountAsFailures() {
    upstream.delay(Duration.ofSeconds(3));
    for (int i = 1; i <= FAILURES; i++) {
      app().run(HttpRequest.GET("/v1/posts/" + i)).assertStatusCode(StatusCodes.GATEWAY_TIMEOUT);
    }
    long start = System.nanoTime();
    app().run(HttpRequest.GET("/v1/posts/4")).assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    // Not a unit-test timing target: only "did not wait out the upstream's delay".
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aSuccessInBetweenStartsTheCountAgain() {
    upstream.fail(Failure.SERVER_ERROR);
    for (int i = 1; i < FAILURES; i++) {
      app().run(HttpRequest.GET("/v1/posts/" + i)).assertStatusCode(StatusCodes.BAD_GATEWAY);
    }
    upstream.fail(Failure.NONE);
    app().run(HttpRequest.GET("/v1/posts/1")).assertStatusCode(StatusCodes.OK);
    upstream.fail(Failure.SERVER_ERROR);
    for (int i = 1; i < FAILURES; i++) {
      app().run(HttpRequest.GET("/v1/posts/" + i)).assertStatusCode(StatusCodes.BAD_GATEWAY);
    }
    assertThat(upstream.totalHits()).isEqualTo(2 * FAILURES - 1);
  }

  @Test
  void callersSharingOneFetchCountAsOneFailure() throws Exception {
    upstream.fail(Failure.SERVER_ERROR);
    ControllableUpstream.Gate gate = upstream.hold();
    List<CompletableFuture<Integer>> statuses = new ArrayList<>();
    int sharing = 8;
    for (int i = 0; i < sharing; i++) {
      statuses.add(
          CompletableFuture.supplyAsync(
              () -> app().run(HttpRequest.GET("/v1/posts/5")).response().status().intValue(),
              callers));
    }
    awaitWaiting("/posts/5", sharing);
    gate.release();
    for (CompletableFuture<Integer> status : statuses) {
      assertThat(status.get(5, TimeUnit.SECONDS)).isEqualTo(502);
    }
    assertThat(upstream.totalHits()).isEqualTo(1);

    // Eight callers, one failed call: the breaker needs FAILURES - 1 more before it opens.
    for (int i = 1; i < FAILURES; i++) {
      app().run(HttpRequest.GET("/v1/posts/" + i)).assertStatusCode(StatusCodes.BAD_GATEWAY);
    }
    app().run(HttpRequest.GET("/v1/posts/9")).assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    assertThat(upstream.totalHits()).isEqualTo(FAILURES);
  }

  private void awaitWaiting(String path, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int waiting = 0;
    while (System.nanoTime() < deadline) {
      waiting =
          AskPattern.<FetchCoalescer.Command, Integer>ask(
                  coalescer,
                  replyTo -> new FetchCoalescer.CountWaiting(path, replyTo),
                  Duration.ofSeconds(3),
                  Adapter.toTyped(system()).scheduler())
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      if (waiting == count) {
        return;
      }
      Thread.sleep(20);
    }
    assertThat(waiting).as("callers waiting on %s", path).isEqualTo(count);
  }
}
