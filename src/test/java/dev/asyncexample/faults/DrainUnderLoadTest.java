package dev.asyncexample.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.faults.RawHttp.Ending;
import dev.asyncexample.faults.SteadyLoad.Outcome;
import dev.asyncexample.faults.SteadyLoad.Request;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bench/faults' SIGTERM row at a small scale: a graceful stop under steady load, with a client that
 * stops sending once /ready turns 503, as a load balancer does. Every request the server accepted
 * is answered in full. The pieces are tested on their own in http/InFlightRequestsTest (the drain
 * waits for answers and streamed bodies) and AsyncExampleAppTest (one request in flight, the
 * unready delay); this is the whole under load.
 */
class DrainUnderLoadTest {

  /** Each answer is this late, so answers are in flight when the stop begins. */
  private static final Duration UPSTREAM_LATENCY = Duration.ofMillis(300);

  @Test
  void aGracefulStopUnderLoadLeavesNoAcceptedRequestUnanswered() throws Exception {
    List<Outcome> outcomes;
    long stopBegan;
    try (ControllableUpstream upstream = TestUpstreams.start()) {
      upstream.delay(UPSTREAM_LATENCY);
      BoundApp app =
          BoundApp.start(
              "async-example.upstream.base-url = \""
                  + upstream.baseUrl()
                  + "\"\nasync-example.cache.enabled = off"
                  + "\nasync-example.http.unready-delay = 500ms");
      try (ReadinessPoller ready = new ReadinessPoller(app.port()).start();
          SteadyLoad load =
              new SteadyLoad(
                      "127.0.0.1",
                      app.port(),
                      4,
                      Duration.ofMillis(10),
                      Duration.ofSeconds(10),
                      n -> Request.get("/v1/posts/" + (n % 100 + 1)),
                      ready::ready)
                  .start()) {
        // The stop must meet requests at work: on a busy machine the first 20 may all have ended.
        while (load.outcomes().size() < 20
            || load.longestWaiting().compareTo(Duration.ofMillis(50)) < 0) {
          Thread.sleep(5);
        }
        stopBegan = System.nanoTime();
        app.beginShutdown();
        app.terminated().get(30, TimeUnit.SECONDS);
        outcomes = load.outcomes();
      } finally {
        app.close();
      }
    }

    long inFlightAtStop =
        outcomes.stream()
            .filter(o -> o.startNanos() < stopBegan && o.endNanos() > stopBegan)
            .count();
    assertThat(inFlightAtStop).as("requests in flight when the stop began").isPositive();
    assertThat(outcomes)
        .as("accepted but never answered in full")
        .noneMatch(o -> o.ending() != Ending.ANSWERED && o.ending() != Ending.REFUSED);
    assertThat(outcomes)
        .filteredOn(o -> o.ending() == Ending.ANSWERED)
        .allMatch(o -> o.status() == 200);
  }

  /** Asks /ready every 50 ms, as a load balancer would; not ready once it answers anything else. */
  private static final class ReadinessPoller implements AutoCloseable {
    private final int port;
    private final Thread thread;
    private volatile boolean ready;
    private volatile boolean running = true;

    ReadinessPoller(int port) {
      this.port = port;
      this.thread = new Thread(this::poll, "readiness-poller");
    }

    ReadinessPoller start() throws InterruptedException {
      thread.start();
      while (!ready) {
        Thread.sleep(10);
      }
      return this;
    }

    boolean ready() {
      return ready;
    }

    private void poll() {
      while (running) {
        ready = RawHttp.get("127.0.0.1", port, "/ready", Duration.ofSeconds(1)).status() == 200;
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
