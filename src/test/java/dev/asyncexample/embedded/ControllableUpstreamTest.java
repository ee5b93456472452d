package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

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
