package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Slow and silent clients over real sockets: cut off within the edge's timeouts, and a flood of
 * them never keeps the server from answering clients that send requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientsTest {

  private static final String HEALTH =
      "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  private static final String SLOW_PUT =
      "PUT /v1/users/1/bookmarks/3 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n";

  private ControllableUpstream upstream;
  private AsyncExampleApp.Running app;
  private final List<RawClient> sockets = new ArrayList<>();

  @BeforeAll
  void startUpstream() {
    upstream = TestUpstreams.start();
  }

  @AfterEach
  void stopApp() throws Exception {
    for (RawClient socket : sockets) {
      socket.close();
    }
    sockets.clear();
    if (app != null) {
      app.system().terminate();
      app.system().getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
      app = null;
    }
    upstream.reset();
  }

  @AfterAll
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void elevenHundredSilentAndHalfSentSocketsDoNotStopHealthAndAreClosedInTime() throws Exception {
    int port = startApp("async-example.http.header-timeout = 1s");
    for (int i = 0; i < 1100; i++) {
      RawClient socket = open(port);
      if (i % 2 == 1) {
        socket.send("GET /v1/posts/1 HTTP/1.1\r\nHost: x\r\nX-Half: ");
      }
    }
    // Accepted in order: once this is answered, every socket of the flood has been accepted.
    assertThat(RawClient.exchange(port, HEALTH, Duration.ofSeconds(5)).statuses())
        .containsExactly(200);
    long accepted = System.nanoTime();

    for (int probe = 0; probe < 5; probe++) {
      long start = System.nanoTime();
      RawClient.Answer health = RawClient.exchange(port, HEALTH, Duration.ofSeconds(1));
      assertThat(health.statuses()).containsExactly(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
    // The header timeout, its check's resolution, and time to close them all.
    Duration allClosedBy = Duration.ofSeconds(3);
    for (RawClient socket : sockets) {
      Duration left = allClosedBy.minusNanos(System.nanoTime() - accepted);
      assertThat(socket.readUntilClosed(left.isNegative() ? Duration.ZERO : left).closed())
          .as("closed within %s of being accepted", allClosedBy)
          .isTrue();
    }
    assertThat(RawClient.exchange(port, HEALTH, Duration.ofSeconds(1)).statuses())
        .containsExactly(200);
  }

  @Test
  void aBodyThatStopsComingIsAnsweredAndClosedAfterTheBodyTimeout() throws Exception {
    int port = startApp("async-example.http.body-timeout = 1s");
    RawClient socket = open(port);
    long start = System.nanoTime();

    socket.send(SLOW_PUT + "{\"note\": ");
    RawClient.Answer answer = socket.readUntilClosed(Duration.ofSeconds(5));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(answer.closed()).isTrue();
    assertThat(answer.statuses()).containsExactly(400);
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
  }

  @Test
  void aTrickledBodyIsCutOffThoughNoPauseIsAsLongAsTheBodyTimeout() throws Exception {
    int port = startApp("async-example.http.body-timeout = 1s");
    RawClient socket = open(port);
    socket.send(SLOW_PUT);
    long start = System.nanoTime();

    boolean closed = false;
    for (int sent = 0; sent < 40 && !closed; sent++) {
      try {
        socket.send(" ");
      } catch (IOException e) {
        closed = true; // written into a closed connection
      }
      closed = closed || socket.closedWithin(Duration.ofMillis(200));
    }

    assertThat(closed).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void anIdleConnectionIsClosedAfterTheKeepAliveTimeoutButASlowAnswerIsNot() throws Exception {
    int port =
        startApp(
            """
            async-example.http.keep-alive-timeout = 1s
            async-example.http.header-timeout = 1s
            """);
    RawClient idle = open(port);
    idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

    RawClient.Answer afterAnswer = idle.readUntilClosed(Duration.ofSeconds(4));

    assertThat(afterAnswer.statuses()).containsExactly(200);
    assertThat(afterAnswer.closed()).isTrue();

    ControllableUpstream.Gate gate = upstream.hold();
    RawClient waiting = open(port);
    waiting.send("GET /v1/posts/5 HTTP/1.1\r\nHost: x\r\n\r\n");
    upstream.awaitHits(1).toCompletableFuture().get(5, TimeUnit.SECONDS);
    // Longer than both timeouts: the server is answering, so the client is not idle.
    assertThat(waiting.closedWithin(Duration.ofMillis(2500))).isFalse();
    gate.release();
    RawClient.Answer slowAnswer = waiting.readResponse(Duration.ofSeconds(2));
    assertThat(slowAnswer.statuses()).containsExactly(200);
  }

  @Test
  void whenConnectionsRunShortSilentOnesMakeRoomForClientsThatSendRequests() throws Exception {
    int port =
        startApp(
            """
            pekko.http.server.max-connections = 40
            async-example.http.header-timeout = 30s
            """);
    for (int i = 0; i < 40; i++) {
      open(port);
    }

    // Without room made, this connection would wait in the backlog for the header timeout.
    RawClient.Answer health = RawClient.exchange(port, HEALTH, Duration.ofSeconds(5));

    assertThat(health.statuses()).containsExactly(200);
  }

  private RawClient open(int port) throws IOException {
    RawClient socket = RawClient.connect(port);
    sockets.add(socket);
    return socket;
  }

  private int startApp(String config) throws Exception {
    app =
        AsyncExampleApp.start(
            TestConfig.with(
                config + "\nasync-example.upstream.base-url = \"" + upstream.baseUrl() + "\""));
    return app.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
  }
}
