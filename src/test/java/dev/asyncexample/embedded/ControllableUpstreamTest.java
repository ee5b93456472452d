package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The test upstream serves what production serves, fails on demand, and keeps bounded records. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllableUpstreamTest {

  private ActorSystem client;
  private ControllableUpstream upstream;

  @BeforeAll
  void start() {
    client = ActorSystem.create("controllable-test-client", TestConfig.base());
    upstream = TestUpstreams.start();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  @AfterAll
  void stop() {
    upstream.close();
    Systems.stop(client);
  }

  @Test
  void servesTheProductionRouteUntilSwitchedToFailAndAgainAfterReset() throws Exception {
    assertThat(get("/posts/101")).isEqualTo("404 {}");

    upstream.fail(Failure.SERVER_ERROR);
    assertThat(get("/posts/1")).isEqualTo("500 {\"error\":\"boom\"}");

    upstream.reset();
    assertThat(get("/posts/1")).startsWith("200 {\"userId\":1,\"id\":1,");
  }

  @Test
  void servesUsersCommentsAndTodosAndItsSwitchesApplyToThem() throws Exception {
    assertThat(get("/users/1")).startsWith("200 {\"id\":1,");
    assertThat(get("/comments?postId=1")).startsWith("200 [{\"postId\":1,\"id\":1,");
    assertThat(get("/todos?userId=1")).startsWith("200 [{\"userId\":1,\"id\":1,");

    upstream.fail(Failure.SERVER_ERROR);
    assertThat(get("/users/1")).isEqualTo("500 {\"error\":\"boom\"}");
    assertThat(get("/comments?postId=1")).isEqualTo("500 {\"error\":\"boom\"}");
    assertThat(get("/todos?userId=1")).isEqualTo("500 {\"error\":\"boom\"}");
  }

  @Test
  void failsOnePathAloneUntilHealedOrReset() throws Exception {
    String healthy = get("/comments?postId=3");

    upstream.failPath("/comments?postId=3", Failure.SERVER_ERROR);
    upstream.failPath("/users/2", Failure.MALFORMED_JSON);

    assertThat(get("/comments?postId=3")).isEqualTo("500 {\"error\":\"boom\"}");
    assertThat(get("/users/2")).isEqualTo("200 [{\"userId\": 1, \"id\"");
    // Only that path and query: the same path with another query, and other paths, are served.
    assertThat(get("/comments?postId=4")).startsWith("200 [{\"postId\":4,");
    assertThat(get("/users/3")).startsWith("200 {\"id\":3,");

    upstream.failPath("/comments?postId=3", Failure.NONE);
    assertThat(get("/comments?postId=3")).isEqualTo(healthy);
    upstream.reset();
    assertThat(get("/users/2")).startsWith("200 {\"id\":2,");
  }

  @Test
  void aPathCannotFailAtTheConnection() {
    assertThatThrownBy(() -> upstream.failPath("/users/1", Failure.DOWN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordsWhenEachRequestArrived() throws Exception {
    long before = System.nanoTime();
    get("/users/1");
    get("/todos?userId=1");
    long after = System.nanoTime();

    List<Arrival> arrivals = upstream.arrivals();
    assertThat(arrivals)
        .extracting(Arrival::pathAndQuery)
        .containsExactly("/users/1", "/todos?userId=1");
    assertThat(arrivals.get(0).nanoTime()).isBetween(before, arrivals.get(1).nanoTime());
    assertThat(arrivals.get(1).nanoTime()).isLessThanOrEqualTo(after);
  }

  @Test
  void countsHitsPerPathAndQuery() throws Exception {
    get("/posts/1");
    get("/posts/1");
    get("/posts?userId=1");

    assertThat(upstream.hits("/posts/1")).isEqualTo(2);
    assertThat(upstream.hits("/posts?userId=1")).isEqualTo(1);
    assertThat(upstream.totalHits()).isEqualTo(3);
  }

  @Test
  void keepsOnlyTheLatestRequestIds() throws Exception {
    List<CompletableFuture<HttpResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 1_100; i++) {
      calls.add(
          send(
              HttpRequest.GET(upstream.baseUrl() + "/posts/1")
                  .addHeader(RawHeader.create("X-Request-Id", "id-" + i))));
      if (calls.size() == 32) {
        drain(calls);
      }
    }
    drain(calls);

    assertThat(upstream.totalHits()).isEqualTo(1_100);
    assertThat(upstream.requestIds()).hasSize(1_000).doesNotContain("id-0");
    assertThat(upstream.arrivals()).hasSize(1_000);
  }

  private String get(String path) throws Exception {
    return HttpCalls.statusAndBody(client, upstream.baseUrl() + path);
  }

  private CompletableFuture<HttpResponse> send(HttpRequest request) {
    return HttpCalls.sendAsync(client, request);
  }

  private static void drain(List<CompletableFuture<HttpResponse>> calls) throws Exception {
    for (CompletableFuture<HttpResponse> call : calls) {
      call.get(5, TimeUnit.SECONDS);
    }
    calls.clear();
  }
}
