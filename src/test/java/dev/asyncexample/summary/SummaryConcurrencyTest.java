package dev.asyncexample.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.Arrival;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.BoundApp;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the fan-out is for: against an upstream that takes {@link #LATENCY} per answer, a summary of
 * a user with ten posts (thirteen upstream calls, {@code 13 x LATENCY} one after another) costs a
 * few round trips, because its fetches overlap; the upstream's arrival log shows they did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SummaryConcurrencyTest {

  private static final Duration LATENCY = Duration.ofMillis(200);
  private static final int PARALLELISM = 8;

  private ActorSystem client;
  private ControllableUpstream upstream;
  private BoundApp app;

  @BeforeAll
  void start() throws Exception {
    client = ActorSystem.create("summary-concurrency-client", TestConfig.base());
    upstream = TestUpstreams.start(LATENCY);
    app =
        BoundApp.start(
            "async-example.upstream.base-url = \""
                + upstream.baseUrl()
                + "\"\nasync-example.cache.enabled = off"
                + "\nasync-example.summary.parallelism = "
                + PARALLELISM);
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
    upstream.close();
    Systems.stop(client);
  }

  @Test
  void aSummaryCostsAFewRoundTripsNotOnePerPart() throws Exception {
    // Opens the pool's connections and warms both sides, so the timed call measures the waiting.
    assertThat(get("/v1/users/2/summary").status().intValue()).isEqualTo(200);
    upstream.reset();

    long started = System.nanoTime();
    HttpResponse response = get("/v1/users/3/summary");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    HttpCalls.body(client, response);

    assertThat(response.status().intValue()).isEqualTo(200);
    assertThat(upstream.totalHits()).isEqualTo(13);
    // One after another: 13 x 200 ms = 2.6 s. At once: user, posts and todos (one round trip),
    // then 10 comments 8 at a time (two): 0.6 s; the rest is margin for a loaded machine.
    assertThat(took).isLessThan(Duration.ofMillis(1_200));
  }

  @Test
  void theUpstreamSeesTheFetchesOverlap() throws Exception {
    upstream.reset();
    assertThat(get("/v1/users/4/summary").status().intValue()).isEqualTo(200);

    List<Arrival> arrivals = upstream.arrivals();
    List<Arrival> first =
        arrivals.stream().filter(a -> !a.pathAndQuery().startsWith("/comments")).toList();
    List<Arrival> comments =
        arrivals.stream().filter(a -> a.pathAndQuery().startsWith("/comments")).toList();
    assertThat(first)
        .extracting(Arrival::pathAndQuery)
        .containsExactlyInAnyOrder("/users/4", "/posts?userId=4", "/todos?userId=4");
    assertThat(comments).hasSize(10);
    // The upstream answers LATENCY after a request arrives: requests that arrived less than that
    // apart were in flight together. Sequential fetches would never have two.
    assertThat(mostInFlightAtOnce(first))
        .as("user, posts and todos in flight at once")
        .isEqualTo(3);
    assertThat(mostInFlightAtOnce(comments))
        .as("comment fetches in flight at once")
        .isGreaterThanOrEqualTo(PARALLELISM / 2);
    // And the comments waited for the posts (they need their ids), not for more.
    long postsArrived =
        first.stream()
            .filter(a -> a.pathAndQuery().startsWith("/posts"))
            .findFirst()
            .orElseThrow()
            .nanoTime();
    assertThat(comments)
        .allSatisfy(
            c ->
                assertThat(Duration.ofNanos(c.nanoTime() - postsArrived))
                    .isGreaterThanOrEqualTo(LATENCY));
  }

  /** The most requests of {@code arrivals} whose upstream answer was pending at one moment. */
  private static int mostInFlightAtOnce(List<Arrival> arrivals) {
    int most = 0;
    for (Arrival from : arrivals) {
      long until = from.nanoTime() + LATENCY.toNanos();
      int together = 0;
      for (Arrival other : arrivals) {
        if (other.nanoTime() >= from.nanoTime() && other.nanoTime() < until) {
          together++;
        }
      }
      most = Math.max(most, together);
    }
    return most;
  }

  private HttpResponse get(String path) throws Exception {
    return HttpCalls.send(client, HttpRequest.GET("http://127.0.0.1:" + app.port() + path));
  }
}
