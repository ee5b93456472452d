package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import dev.asyncexample.json.Json;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The production embedded upstream speaks JSONPlaceholder's dialect, late by its latency. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedJsonPlaceholderTest {

  private static final Duration LATENCY = Duration.ofMillis(300);

  private ActorSystem client;
  private EmbeddedJsonPlaceholder upstream;
  private EmbeddedJsonPlaceholder slowUpstream;

  @BeforeAll
  void start() {
    client = ActorSystem.create("embedded-test-client", TestConfig.base());
    upstream = start(Duration.ZERO, TestConfig.base());
    // One dispatcher thread for the whole server, so a latency that held a thread would show.
    slowUpstream =
        start(
            LATENCY,
            TestConfig.with(
                "pekko.actor.default-dispatcher.fork-join-executor"
                    + " { parallelism-min = 1, parallelism-max = 1 }"));
  }

  @AfterAll
  void stop() {
    upstream.close();
    slowUpstream.close();
    Systems.stop(client);
  }

  @Test
  void answersLikeJsonPlaceholder() throws Exception {
    assertThat(get(upstream, "/posts/100")).startsWith("200 {\"userId\":10,\"id\":100,");
    assertThat(get(upstream, "/posts/101")).isEqualTo("404 {}");
    assertThat(get(upstream, "/posts/abc")).isEqualTo("404 {}");
    assertThat(get(upstream, "/posts?userId=2")).startsWith("200 [{\"userId\":2,\"id\":11,");
    assertThat(get(upstream, "/posts?userId=abc")).isEqualTo("200 []");
    assertThat(get(upstream, "/posts?userId=2147483647")).isEqualTo("200 []");
    assertThat(get(upstream, "/posts?userId=99999999999")).isEqualTo("200 []");
    assertThat(get(upstream, "/users")).isEqualTo("404 {}");
  }

  @Test
  void servesUsersCommentsAndTodosFromTheCatalogs() throws Exception {
    UserCatalog users = new UserCatalog();
    CommentCatalog comments = new CommentCatalog(new PostCatalog(100));

    assertThat(get(upstream, "/users/7"))
        .isEqualTo("200 " + Json.bytes(users.byId(7).orElseThrow()).utf8String());
    assertThat(get(upstream, "/users/11")).isEqualTo("404 {}");
    assertThat(get(upstream, "/users/abc")).isEqualTo("404 {}");
    assertThat(get(upstream, "/comments?postId=42"))
        .isEqualTo("200 " + Json.bytes(comments.ofPost(42)).utf8String());
    assertThat(get(upstream, "/comments?postId=101")).isEqualTo("200 []");
    assertThat(get(upstream, "/comments?postId=abc")).isEqualTo("200 []");
    assertThat(get(upstream, "/todos?userId=3"))
        .isEqualTo("200 " + Json.bytes(users.todosOf(3)).utf8String());
    assertThat(get(upstream, "/todos?userId=11")).isEqualTo("200 []");
    assertThat(get(upstream, "/todos?userId=99999999999")).isEqualTo("200 []");
  }

  @Test
  void everyAnswerWaitsForTheLatencyAndIsOtherwiseTheSame() throws Exception {
    for (String path :
        List.of(
            "/posts/1",
            "/posts?userId=2",
            "/posts/abc",
            "/users",
            "/users/1",
            "/comments?postId=1",
            "/todos?userId=1")) {
      long started = System.nanoTime();
      String answer = get(slowUpstream, path);

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as(path)
          .isGreaterThanOrEqualTo(LATENCY);
      assertThat(answer).isEqualTo(get(upstream, path));
    }
  }

  @Test
  void requestsWaitingOutTheLatencyHoldNoThread() throws Exception {
    int concurrent = 64;
    // A first round opens the connections and warms up both sides, so the second measures waiting.
    getConcurrently(concurrent);
    long started = System.nanoTime();
    getConcurrently(concurrent);

    // Sleeping on the server's one thread would take at least concurrent × LATENCY (19 s); waiting
    // on the scheduler takes about one LATENCY. Half the former leaves room for a loaded machine.
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(LATENCY.multipliedBy(concurrent / 2));
  }

  private void getConcurrently(int count) throws Exception {
    List<CompletableFuture<HttpResponse>> calls =
        IntStream.rangeClosed(1, count)
            .mapToObj(id -> send(HttpRequest.GET(slowUpstream.baseUrl() + "/posts/" + id)))
            .toList();
    for (CompletableFuture<HttpResponse> call : calls) {
      assertThat(call.get(30, TimeUnit.SECONDS).status().intValue()).isEqualTo(200);
    }
  }

  private static EmbeddedJsonPlaceholder start(Duration latency, Config config) {
    return EmbeddedJsonPlaceholder.start("127.0.0.1", 0, 100, latency, config)
        .toCompletableFuture()
        .join();
  }

  private String get(EmbeddedJsonPlaceholder server, String path) throws Exception {
    return HttpCalls.statusAndBody(client, server.baseUrl() + path);
  }

  private CompletableFuture<HttpResponse> send(HttpRequest request) {
    return HttpCalls.sendAsync(client, request);
  }
}
