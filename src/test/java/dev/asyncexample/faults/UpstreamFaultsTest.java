package dev.asyncexample.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.faults.SteadyLoad.Outcome;
import dev.asyncexample.faults.SteadyLoad.Request;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * bench/faults' upstream rows at a small scale: the bound application under steady load while its
 * upstream fails in each way for a second. Whatever the upstream does, no answer is a 500, every
 * request is answered within the upstream timeout (plus slack), and answers are healthy again
 * within 5 s of the fault's end. The cache is off, so every request meets the fault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamFaultsTest {

  static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(1);
  static final Duration FAULT = Duration.ofSeconds(1);
  static final Duration RECOVERY_TARGET = Duration.ofSeconds(5);

  /** A loopback answer slower than this is not a healthy one (normal is a few ms). */
  static final Duration HEALTHY_LATENCY = Duration.ofSeconds(1);

  /** Scheduling slack on a busy 2-core machine, on top of the upstream timeout. */
  static final Duration SLACK = Duration.ofSeconds(2);

  /** The faults of the bench's upstream rows. */
  enum Fault {
    DOWN,
    CLOSED,
    SLOW,
    SERVER_ERROR,
    GARBAGE,
    TRUNCATED,
    RESET,
    FLAPPING,
    FLAPPING_EVERY_OTHER_ANSWER
  }

  /** Switches {@code fault} on. */
  static void switchOn(ControllableUpstream upstream, Fault fault) {
    switch (fault) {
      case DOWN -> upstream.fail(Failure.DOWN);
      case CLOSED -> upstream.fail(Failure.CLOSED);
      case SLOW -> upstream.delay(UPSTREAM_TIMEOUT.multipliedBy(2));
      case SERVER_ERROR -> upstream.fail(Failure.SERVER_ERROR);
      case GARBAGE -> upstream.fail(Failure.MALFORMED_JSON);
      case TRUNCATED -> upstream.fail(Failure.TRUNCATED);
      case RESET -> upstream.fail(Failure.CONNECTION_RESET);
      case FLAPPING ->
          upstream.flap(Failure.DOWN, Duration.ofMillis(200)).toCompletableFuture().join();
      case FLAPPING_EVERY_OTHER_ANSWER -> upstream.flapEveryOtherAnswer(Failure.SERVER_ERROR);
    }
  }

  private ControllableUpstream upstream;
  private BoundApp app;

  @BeforeAll
  void start() throws Exception {
    upstream = TestUpstreams.start();
    app =
        BoundApp.start(
            FaultConfig.UPSTREAM_RESILIENCE
                + "\nasync-example.upstream.base-url = \""
                + upstream.baseUrl()
                + "\"\nasync-example.upstream.timeout = "
                + UPSTREAM_TIMEOUT.toMillis()
                + "ms\nasync-example.cache.enabled = off");
  }

  @BeforeEach
  void healUpstream() {
    upstream.reset();
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
    upstream.close();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void noServerErrorNoHangAndRecoveryWithinFiveSeconds(Fault fault) throws Exception {
    FaultVerdict verdict;
    try (SteadyLoad load = load()) {
      verdict =
          new FaultRun(load, UpstreamFaultsTest::healthy)
              .measure(() -> switchOn(upstream, fault), FAULT, upstream::reset, RECOVERY_TARGET);
    }

    assertThat(verdict.failedDuringFault()).as("the fault was felt: %s", verdict).isPositive();
    assertThat(verdict.serverErrors()).as("500s: %s", verdict).isZero();
    assertThat(verdict.unanswered()).as("unanswered: %s", verdict).isZero();
    assertThat(verdict.maxLatency())
        .as("nothing open past the timeout: %s", verdict)
        .isLessThanOrEqualTo(UPSTREAM_TIMEOUT.plus(SLACK));
    assertThat(verdict.recovery())
        .as("recovery: %s", verdict)
        .hasValueSatisfying(r -> assertThat(r).isLessThanOrEqualTo(RECOVERY_TARGET));
  }

  private SteadyLoad load() {
    // Posts spread over ids (concurrent requests for one id share an upstream call), some lists.
    return new SteadyLoad(
            "127.0.0.1",
            app.port(),
            3,
            Duration.ofMillis(20),
            UPSTREAM_TIMEOUT.plus(SLACK).plus(SLACK),
            n ->
                Request.get(
                    n % 5 == 4
                        ? "/v1/users/" + (n % 10 + 1) + "/posts"
                        : "/v1/posts/" + (n % 100 + 1)),
            () -> true)
        .start();
  }

  /**
   * A whole, fresh 200 in normal time: slower counts as not recovered yet, and so does a stale
   * answer, which says the refresh from the upstream still fails.
   */
  static boolean healthy(Outcome outcome) {
    return outcome.status() == 200
        && outcome.ending() == RawHttp.Ending.ANSWERED
        && outcome.latency().compareTo(HEALTHY_LATENCY) <= 0
        && outcome.answer().header("X-Cache").filter("STALE"::equals).isEmpty();
  }
}
