package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Shutdown through the edge's own binding: idle, silent and half-sent connections close at once
 * after the drain, and a request still running at the deadline hears why its connection closes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeShutdownTest {

  private ControllableUpstream upstream;
  private AsyncExampleApp.Running app;

  @BeforeAll
  void startUpstream() {
    upstream = TestUpstreams.start();
  }

  @AfterEach
  void stopApp() throws Exception {
    upstream.reset();
    app.system().terminate();
    app.system().getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  @AfterAll
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void idleSilentAndHalfSentConnectionsCloseWithoutWaitingForTheirTimeouts() throws Exception {
    int port = startApp("async-example.http.shutdown-deadline = 5s");
    try (RawClient idle = RawClient.connect(port);
        RawClient silent = RawClient.connect(port);
        RawClient halfSent = RawClient.connect(port)) {
      idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(idle.readResponse(Duration.ofSeconds(5)).statuses()).containsExactly(200);
      halfSent.send("GET /health HTTP/1.1\r\nHo");

      long start = System.nanoTime();
      var unused =
          CoordinatedShutdown.get(app.system()).runAll(CoordinatedShutdown.unknownReason());

      for (RawClient socket : new RawClient[] {idle, silent, halfSent}) {
        assertThat(socket.closedWithin(Duration.ofSeconds(3))).isTrue();
      }
      app.system().getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      // Nothing was in flight: the drain ends at once, well before its 5 s deadline.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void aRequestStillRunningAfterTheDeadlineGetsA503AndItsConnectionCloses() throws Exception {
    int port = startApp("async-example.http.shutdown-deadline = 1s");
    ControllableUpstream.Gate gate = upstream.hold();
    try (RawClient waiting = RawClient.connect(port)) {
      waiting.send("GET /v1/posts/7 HTTP/1.1\r\nHost: x\r\n\r\n");
      upstream.awaitHits(1).toCompletableFuture().get(5, TimeUnit.SECONDS);

      var unused =
          CoordinatedShutdown.get(app.system()).runAll(CoordinatedShutdown.unknownReason());
      RawClient.Answer answer = waiting.readUntilClosed(Duration.ofSeconds(6));

      assertThat(answer.statuses()).containsExactly(503);
      assertThat(answer.body())
          .isEqualTo(
              "{\"detail\":\"The server is shutting down and could not finish this request\"}");
      assertThat(answer.header("Connection")).isEqualTo("close");
      assertThat(answer.header("X-Request-Id")).isNotBlank();
      assertThat(answer.closed()).isTrue();
    } finally {
      gate.release();
    }
  }

  private int startApp(String config) throws Exception {
    app =
        AsyncExampleApp.start(
            TestConfig.with(
                config + "\nasync-example.upstream.base-url = \"" + upstream.baseUrl() + "\""));
    return app.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
  }
}
