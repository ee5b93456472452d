package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.BoundApp;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer that comes too late (the server's request timeout has already answered) is
 * never sent, so its end is never seen. It must still leave the count of requests at work, or every
 * such request would take one place from {@code HTTP_MAX_IN_FLIGHT} for good.
 */
class InFlightReleaseTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CLOSE = "Connection: close\r\n\r\n";
  private static final String LIST = "GET /v1/users/77/bookmarks HTTP/1.1\r\nHost: x\r\n\r\n";

  @Test
  void aStreamedAnswerDroppedAfterTheRequestTimeoutFreesItsPlace() throws Exception {
    try (ControllableUpstream upstream = TestUpstreams.start();
        BoundApp app = start(upstream, "2s")) {
      saveBookmark(app);
      // The list streams once its first post is known; the upstream holds that past the timeout.
      ControllableUpstream.Gate held = upstream.hold();
      try (RawClient client = RawClient.connect(app.port())) {
        client.send(LIST);
        assertThat(client.readResponse(WAIT).text()).startsWith("HTTP/1.1 503 ");
        held.release();
        // The connection stays open while the late answer is produced, and dropped.
        assertThat(nextAnswer(app)).startsWith("HTTP/1.1 200 ");
      }
    }
  }

  @Test
  void aStreamedAnswerWhoseClientLeftFreesItsPlace() throws Exception {
    try (ControllableUpstream upstream = TestUpstreams.start();
        BoundApp app = start(upstream, "60s")) {
      saveBookmark(app);
      ControllableUpstream.Gate held = upstream.hold();
      try (RawClient client = RawClient.connect(app.port())) {
        client.send(LIST);
        var unused = upstream.awaitHits(2).toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      // The client is gone before the answer starts: it is made, and never sent.
      held.release();
      assertThat(nextAnswer(app)).startsWith("HTTP/1.1 200 ");
    }
  }

  private static BoundApp start(ControllableUpstream upstream, String requestTimeout)
      throws Exception {
    return BoundApp.start(
        "pekko.http.server.request-timeout = "
            + requestTimeout
            + "\nasync-example.http.max-in-flight = 1\n"
            + "async-example.cache.enabled = off\n"
            + "async-example.upstream.base-url = \""
            + upstream.baseUrl()
            + "\"");
  }

  private static void saveBookmark(BoundApp app) throws Exception {
    // Idempotent, so retried: the first request of a cold server on a busy machine can take
    // longer than the request timeout by itself (and then holds the one place for a while).
    String saved = "";
    for (int attempt = 0; attempt < 40 && !saved.matches("(?s)HTTP/1.1 20[01] .*"); attempt++) {
      Thread.sleep(attempt == 0 ? 0 : 500);
      saved =
          RawClient.exchange(
                  app.port(),
                  "PUT /v1/users/77/bookmarks/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                      + CLOSE,
                  WAIT)
              .text();
    }
    assertThat(saved).matches("(?s)HTTP/1.1 20[01] .*");
  }

  /** The answer to a request that needs the one place, once it is free (or the last refusal). */
  private static String nextAnswer(BoundApp app) throws Exception {
    String next = "";
    for (int attempt = 0; attempt < 50 && !next.startsWith("HTTP/1.1 200 "); attempt++) {
      Thread.sleep(100);
      next =
          RawClient.exchange(app.port(), "GET /v1/posts/2 HTTP/1.1\r\nHost: x\r\n" + CLOSE, WAIT)
              .text();
    }
    return next;
  }
}
