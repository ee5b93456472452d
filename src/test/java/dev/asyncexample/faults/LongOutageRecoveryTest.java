package dev.asyncexample.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.faults.SteadyLoad.Request;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * After a long upstream outage the server recovers at once. With Pekko's default reconnect backoff
 * (up to 2 min, doubling per failed connect) it kept waiting out the backoff long after the
 * upstream was back: 34-47 s after a 60 s outage, answering 504s and then 503s meanwhile.
 * conf/application.conf caps it at 1 s; 10 s of outage is enough to see the difference.
 */
class LongOutageRecoveryTest {

  private static final Duration OUTAGE = Duration.ofSeconds(10);
  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration RECOVERY_TARGET = Duration.ofSeconds(5);

  @Test
  void answersFast502sDuringTheOutageAndRecoversAtOnce() throws Exception {
    FaultVerdict verdict;
    try (ControllableUpstream upstream = TestUpstreams.start();
        BoundApp app =
            BoundApp.start(
                FaultConfig.UPSTREAM_RESILIENCE
                    + "\nasync-example.upstream.base-url = \""
                    + upstream.baseUrl()
                    + "\"\nasync-example.upstream.timeout = "
                    + UPSTREAM_TIMEOUT.toMillis()
                    + "ms\nasync-example.cache.enabled = off");
        SteadyLoad load =
            new SteadyLoad(
                    "127.0.0.1",
                    app.port(),
                    3,
                    Duration.ofMillis(20),
                    UPSTREAM_TIMEOUT.multipliedBy(3),
                    n -> Request.get("/v1/posts/" + (n % 100 + 1)),
                    () -> true)
                .start()) {
      verdict =
          new FaultRun(load, UpstreamFaultsTest::healthy)
              .measure(
                  () -> upstream.fail(Failure.DOWN),
                  OUTAGE,
                  () -> upstream.fail(Failure.NONE),
                  RECOVERY_TARGET.multipliedBy(3));
    }

    // 502s while the breaker counts failures, then its 503s ("Upstream unavailable"); never a 504.
    assertThat(verdict.seen().keySet()).as("%s", verdict).containsOnly("200", "502", "503");
    assertThat(verdict.maxLatency())
        .as("failing fast, not waiting out a backoff: %s", verdict)
        .isLessThan(Duration.ofSeconds(2));
    assertThat(verdict.recovery())
        .as("recovery: %s", verdict)
        .hasValueSatisfying(r -> assertThat(r).isLessThanOrEqualTo(RECOVERY_TARGET));
  }
}
