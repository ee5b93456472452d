package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.faults.RawHttp;
import dev.asyncexample.faults.RawHttp.Ending;
import dev.asyncexample.testing.TestUpstreams;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The standalone upstream's control endpoint switches it, and says what it does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlRoutesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private ControllableUpstream upstream;
  private ServerBinding control;

  @BeforeAll
  void start() throws Exception {
    upstream = TestUpstreams.start();
    control =
        Http.get(upstream.system())
            .newServerAt("127.0.0.1", 0)
            .bind(new ControlRoutes(upstream).route())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  @AfterAll
  void stop() {
    upstream.close();
  }

  @Test
  void saysWhatTheUpstreamDoes() {
    assertThat(control("GET", "/mode"))
        .isEqualTo("200 {\"mode\":\"normal\",\"delayMillis\":0,\"requestsReceived\":0}");
  }

  @Test
  void switchesTheUpstreamDownAndBack() {
    assertThat(control("PUT", "/mode/down")).startsWith("200 {\"mode\":\"down\"");
    assertThat(upstream("/posts/1").ending()).isEqualTo(Ending.REFUSED);

    assertThat(control("PUT", "/mode/normal")).startsWith("200 {\"mode\":\"normal\"");
    assertThat(upstream("/posts/1").status()).isEqualTo(200);
  }

  @Test
  void eachFailureHasAName() {
    assertThat(control("PUT", "/mode/server-error")).startsWith("200 {\"mode\":\"server-error\"");
    assertThat(upstream("/posts/1").status()).isEqualTo(500);
    assertThat(control("POST", "/mode/garbage")).startsWith("200 {\"mode\":\"garbage\"");
    assertThat(upstream("/posts/1").body()).isEqualTo("[{\"userId\": 1, \"id\"");
    assertThat(control("PUT", "/mode/truncated")).startsWith("200 {\"mode\":\"truncated\"");
    assertThat(upstream("/posts/1").ending()).isEqualTo(Ending.CLOSED_EARLY);
  }

  @Test
  void slowWaitsPastTheApplicationsTimeoutUnlessToldOtherwise() {
    assertThat(control("PUT", "/mode/slow"))
        .isEqualTo("200 {\"mode\":\"slow\",\"delayMillis\":15000,\"requestsReceived\":0}");
    assertThat(control("PUT", "/mode/slow?delay=200ms")).contains("\"delayMillis\":200");

    long started = System.nanoTime();
    assertThat(upstream("/posts/1").status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void flappingTakesAFailureAndAPeriodOrEveryOtherRequest() {
    assertThat(control("PUT", "/mode/flapping?failure=server-error&period=request"))
        .startsWith(
            "200 {\"mode\":\"flapping\",\"failure\":\"server-error\",\"period\":\"request\"");
    assertThat(upstream("/posts/1").status()).isEqualTo(500);
    assertThat(upstream("/posts/1").status()).isEqualTo(200);

    assertThat(control("PUT", "/mode/flapping"))
        .startsWith("200 {\"mode\":\"flapping\",\"failure\":\"down\",\"period\":\"1000ms\"");
  }

  @Test
  void badRequestsAreRefusedWithAReason() {
    assertThat(control("PUT", "/mode/sideways")).startsWith("404 {\"detail\":\"unknown mode");
    assertThat(control("PUT", "/mode/slow?delay=soon")).startsWith("400 {\"detail\":\"not a");
    assertThat(control("PUT", "/mode/slow?delay=2m")).startsWith("400 {\"detail\":\"delay must");
    assertThat(control("PUT", "/mode/flapping?failure=truncated&period=request"))
        .startsWith("400 {\"detail\":\"truncated acts on connections");
    assertThat(control("PUT", "/mode/flapping?failure=normal")).startsWith("400");
    assertThat(control("GET", "/mode")).contains("\"mode\":\"normal\"");
  }

  private String control(String method, String target) {
    RawHttp.Answer answer =
        RawHttp.send("127.0.0.1", control.localAddress().getPort(), method, target, "", TIMEOUT);
    return answer.status() + " " + answer.body();
  }

  private RawHttp.Answer upstream(String path) {
    return RawHttp.get("127.0.0.1", URI.create(upstream.baseUrl()).getPort(), path, TIMEOUT);
  }
}
