package dev.asyncexample.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.faults.SteadyLoad.Outcome;
import dev.asyncexample.faults.SteadyLoad.Request;
import dev.asyncexample.testing.CapturedLog;
import dev.asyncexample.testing.RequiresService;
import dev.asyncexample.testing.Service;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * bench/faults' Redis rows at a small scale: the bound application keeps its cache in a private
 * redis-server, which goes away or freezes (SIGSTOP) under steady load. Redis is optional at run
 * time, so every request is still answered 200 in normal time, and the cache serves hits again soon
 * after Redis is back. (cache/RedisOutageTest checks the same per request, with the routes.)
 */
@RequiresService(Service.REDIS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisFaultsTest {

  private static final Duration FAULT = Duration.ofSeconds(1);
  private static final Duration RECOVERY_TARGET = Duration.ofSeconds(5);

  private ControllableUpstream upstream;
  private PrivateRedis redis;
  private BoundApp app;

  @BeforeAll
  void startUpstream() {
    upstream = TestUpstreams.start();
  }

  @BeforeEach
  void startRedisAndApp() throws Exception {
    redis = new PrivateRedis().start();
    // A short TTL, so the load keeps both reading and writing the cache.
    app =
        BoundApp.start(
            "async-example.upstream.base-url = \""
                + upstream.baseUrl()
                + "\"\nasync-example.upstream.timeout = 1s"
                + "\nasync-example.cache.redis-url = \""
                + redis.url()
                + "\"\nasync-example.cache.ttl = 1s");
  }

  @AfterEach
  void stopRedisAndApp() throws Exception {
    app.close();
    redis.close();
  }

  @AfterAll
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void redisGoingAwayIsNotSeenByClients() throws Exception {
    long mark = CapturedLog.mark();
    assertUnharmed(measure(() -> call(redis::stop), () -> call(redis::start)));
    // One line for the outage, not one per request or per reconnect attempt.
    String target = redis.url().replaceFirst("^redis://", "");
    assertThat(
            CapturedLog.since(
                mark, line -> line.is(Level.WARN, "Redis cache at " + target + " is unavailable")))
        .hasSize(1);
  }

  @Test
  void aFrozenRedisIsNotWaitedFor() throws Exception {
    assertUnharmed(measure(() -> call(redis::pause), () -> call(redis::resume)));
  }

  /** What the load saw, and whether the cache answered within the target after the fault. */
  private record Seen(FaultVerdict verdict, boolean hitAgain) {}

  private Seen measure(Runnable on, Runnable off) throws Exception {
    try (SteadyLoad load =
        new SteadyLoad(
                "127.0.0.1",
                app.port(),
                3,
                Duration.ofMillis(20),
                Duration.ofSeconds(5),
                n -> Request.get("/v1/posts/" + (n % 20 + 1)),
                () -> true)
            .start()) {
      FaultRun run = new FaultRun(load, UpstreamFaultsTest::healthy);
      FaultVerdict verdict = run.measure(on, FAULT, off, Duration.ofSeconds(2));
      long deadline = run.faultEnd() + RECOVERY_TARGET.toNanos();
      boolean hitAgain = hitBetween(load, run.faultEnd(), deadline);
      while (!hitAgain && System.nanoTime() < deadline) {
        Thread.sleep(50);
        hitAgain = hitBetween(load, run.faultEnd(), deadline);
      }
      return new Seen(verdict, hitAgain);
    }
  }

  private static void assertUnharmed(Seen seen) {
    FaultVerdict verdict = seen.verdict();
    assertThat(verdict.seen().keySet()).as("%s", verdict).containsOnly("200");
    assertThat(verdict.maxLatency()).as("%s", verdict).isLessThan(Duration.ofSeconds(1));
    assertThat(seen.hitAgain()).as("the cache answered again within %s", RECOVERY_TARGET).isTrue();
  }

  private static boolean hitBetween(SteadyLoad load, long from, long to) {
    return load.outcomes().stream()
        .anyMatch(o -> o.startNanos() >= from && o.endNanos() <= to && hit(o));
  }

  private static boolean hit(Outcome outcome) {
    return outcome.answer().header("X-Cache").filter("HIT"::equals).isPresent();
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void call(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
