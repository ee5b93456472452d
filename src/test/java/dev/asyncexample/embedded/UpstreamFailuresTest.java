package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncexample.faults.RawHttp;
import dev.asyncexample.faults.RawHttp.Answer;
import dev.asyncexample.faults.RawHttp.Ending;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each failure of the controllable upstream looks on the wire the way its name says. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamFailuresTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private ActorSystem client;
  private ControllableUpstream upstream;
  private ExecutorService callers;
  private int port;

  @BeforeAll
  void start() {
    // No retries: a dropped connection must fail the call, not be hidden by a second attempt.
    client =
        ActorSystem.create(
            "failures-test-client",
            TestConfig.with("pekko.http.host-connection-pool.max-retries = 0"));
    upstream = TestUpstreams.start();
    port = URI.create(upstream.baseUrl()).getPort();
    callers = Executors.newFixedThreadPool(2);
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  @AfterAll
  void stop() {
    callers.shutdownNow();
    upstream.close();
    Systems.stop(client);
  }

  @Test
  void downRefusesConnectionsAndComesBackOnTheSamePort() {
    upstream.fail(Failure.DOWN);
    assertThat(get("/posts/1").ending()).isEqualTo(Ending.REFUSED);

    upstream.fail(Failure.NONE);
    assertThat(get("/posts/1").status()).isEqualTo(200);
    assertThat(URI.create(upstream.baseUrl()).getPort()).isEqualTo(port);
  }

  @Test
  void downDropsTheConnectionsThatAreOpen() throws Exception {
    ControllableUpstream.Gate gate = upstream.hold();
    CompletableFuture<Answer> held = CompletableFuture.supplyAsync(() -> get("/posts/2"), callers);
    upstream.awaitHits(1).toCompletableFuture().get(5, TimeUnit.SECONDS);

    upstream.fail(Failure.DOWN);

    assertThat(held.get(5, TimeUnit.SECONDS).ending()).isEqualTo(Ending.RESET);
    gate.release();
  }

  @Test
  void closedAcceptsThenClosesBeforeAnyAnswer() {
    upstream.fail(Failure.CLOSED);

    Answer answer = get("/posts/1");

    assertThat(answer.ending()).isEqualTo(Ending.CLOSED_EARLY);
    assertThat(answer.head()).isEmpty();
  }

  @Test
  void truncatedPromisesMoreThanItSendsThenClosesWithoutAReset() {
    upstream.fail(Failure.TRUNCATED);

    Answer answer = get("/posts/1");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Length")).hasValue("1024");
    assertThat(answer.body()).isEqualTo(Switches.PARTIAL_BODY.utf8String());
    assertThat(answer.ending()).isEqualTo(Ending.CLOSED_EARLY);
  }

  @Test
  void resetSendsTheStartOfTheBodyThenResets() {
    upstream.fail(Failure.CONNECTION_RESET);

    Answer answer = get("/posts/1");

    assertThat(answer.ending()).isEqualTo(Ending.RESET);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(Switches.PARTIAL_BODY.utf8String());
  }

  @Test
  void switchingToAFailureAtTheConnectionDropsConnectionsKeptAlive() throws Exception {
    // The client pool keeps this connection open; without the drop it would go on serving 200s.
    assertThat(HttpCalls.statusAndBody(client, upstream.baseUrl() + "/posts/1")).startsWith("200");

    upstream.fail(Failure.TRUNCATED);

    assertThatThrownBy(() -> HttpCalls.statusAndBody(client, upstream.baseUrl() + "/posts/1"))
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  void flappingWithAPeriodAlternatesBetweenDownAndHealthy() throws Exception {
    upstream
        .flap(Failure.DOWN, Duration.ofMillis(150))
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);

    List<Ending> seen = new ArrayList<>();
    long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < until
        && !(seen.contains(Ending.REFUSED) && seen.contains(Ending.ANSWERED))) {
      seen.add(get("/posts/1").ending());
      Thread.sleep(20);
    }
    assertThat(seen).contains(Ending.REFUSED, Ending.ANSWERED);

    upstream.fail(Failure.NONE);
    for (int i = 0; i < 10; i++) {
      assertThat(get("/posts/1").status()).isEqualTo(200);
    }
  }

  @Test
  void flappingEveryOtherAnswerFailsOddAnswers() {
    upstream.flapEveryOtherAnswer(Failure.SERVER_ERROR);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(get("/posts/1").status());
    }

    assertThat(statuses).containsExactly(500, 200, 500, 200);
    assertThatThrownBy(() -> upstream.flapEveryOtherAnswer(Failure.DOWN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Answer get(String path) {
    return RawHttp.get("127.0.0.1", port, path, TIMEOUT);
  }
}
