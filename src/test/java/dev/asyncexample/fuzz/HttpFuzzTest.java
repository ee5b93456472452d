package dev.asyncexample.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.testing.BoundApp;
import dev.asyncexample.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Generated requests, malformed ones included, over raw sockets against the whole application (its
 * embedded upstream, in-process cache and H2 bookmarks): no undocumented 5xx, every error in our
 * shape and words, no request read from inside another, and a healthy server afterwards.
 *
 * <p>A run picks a random seed and prints it; {@code -Dfuzz.seed=N} replays that run, {@code
 * -Dfuzz.cases=N} changes its size and {@code -Dfuzz.workers=N} the connections at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFuzzTest {

  private static final long SEED =
      Long.getLong("fuzz.seed", ThreadLocalRandom.current().nextLong());
  private static final int CASES = Integer.getInteger("fuzz.cases", 10_000);
  private static final int AMBIGUOUS_CASES = Integer.getInteger("fuzz.ambiguous-cases", 300);

  /** Connections at once: the machine has two cores, and each case is one short connection. */
  private static final int WORKERS = Integer.getInteger("fuzz.workers", 4);

  private final RequestGenerator generator = new RequestGenerator(SEED);
  private BoundApp app;

  @BeforeAll
  void start() throws Exception {
    // Parser rejections are logged as warnings, thousands of them here.
    app = BoundApp.start("pekko.loglevel = ERROR");
    System.out.println("HttpFuzzTest seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
  }

  @Test
  void generatedRequestsGetOurAnswersAndNothingIsSmuggled() throws Exception {
    fuzz("generated", CASES, generator::generate);
  }

  /**
   * Framings Pekko's parser accepts and a strict one refuses (Content-Length past 2^64 or with
   * digits apart, HTTP/1.0 with Transfer-Encoding), each hiding a request: they must be refused
   * with a 400, not answered twice (smuggled) or with Pekko's empty 500.
   */
  @Test
  void ambiguousFramingIsRefused() throws Exception {
    fuzz("ambiguous-framing", AMBIGUOUS_CASES, generator::ambiguousFraming);
  }

  private void fuzz(String name, int cases, IntFunction<FuzzCase> make) throws Exception {
    FuzzRun.Report report = FuzzRun.run(name, app.port(), cases, WORKERS, make);
    System.out.print("HttpFuzzTest seed " + SEED + ", " + report.summary());

    assertThat(report.firstFailures())
        .as(
            "%d of %d %s cases failed (seed %d; replay with -Dfuzz.seed=%d); the first ones",
            report.failed(), cases, name, SEED, SEED)
        .isEmpty();
    assertHealthy();
  }

  /** The server still answers quickly once the cases are done. */
  private void assertHealthy() throws Exception {
    RawHttp.Exchange health =
        RawHttp.exchange(
            app.port(),
            "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            List.of("GET"),
            Duration.ofSeconds(2));
    assertThat(health.responses()).hasSize(1);
    assertThat(health.responses().get(0).status()).isEqualTo(200);
  }
}
