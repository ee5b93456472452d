package dev.asyncexample.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.CountingUpstream;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The wrong ways of bench/lessons are really wrong, as the upstream counts them: otherwise the
 * benchmark would compare a lesson with itself and report a difference of nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LessonsServerTest {

  private static final int REQUESTS = 10;

  private ActorSystem<Void> upstreams;
  private org.apache.pekko.actor.ActorSystem lessons;
  private org.apache.pekko.actor.ActorSystem client;
  private CountingUpstream fast;
  private CountingUpstream slow;
  private String base;

  @BeforeAll
  void start() throws Exception {
    upstreams = ActorSystem.create(Behaviors.empty(), "upstreams", TestConfig.base());
    lessons = org.apache.pekko.actor.ActorSystem.create("lessons-test", TestConfig.base());
    client = org.apache.pekko.actor.ActorSystem.create("lessons-client", TestConfig.base());
    fast = started(CountingUpstream.start(upstreams, "127.0.0.1", 0, 100, Duration.ZERO));
    // Slow enough that concurrent requests overlap on a loaded machine, well inside the join
    // window.
    slow = started(CountingUpstream.start(upstreams, "127.0.0.1", 0, 100, Duration.ofMillis(800)));
    int port =
        LessonsServer.bind(lessons, 0, fast.baseUrl(), slow.baseUrl())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .localAddress()
            .getPort();
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  void stop() {
    Systems.stop(client);
    Systems.stop(lessons);
    Systems.stop(Adapter.toClassic(upstreams));
  }

  @Test
  void aConnectionPerRequestOpensOneForEachWhileThePoolReusesIts() throws Exception {
    long before = fast.connections();
    for (int id = 1; id <= REQUESTS; id++) {
      assertPost(HttpCalls.send(client, HttpRequest.GET(base + "/fresh/posts/" + id)), id);
    }
    long fresh = fast.connections() - before;

    before = fast.connections();
    for (int id = 1; id <= REQUESTS; id++) {
      assertPost(HttpCalls.send(client, HttpRequest.GET(base + "/pooled/posts/" + id)), id);
    }
    long pooled = fast.connections() - before;

    assertThat(fresh).isEqualTo(REQUESTS);
    // One after another, the pool reuses a connection (a second may open while the first is freed).
    assertThat(pooled).isLessThanOrEqualTo(2);
  }

  @Test
  void withoutCoalescingEveryConcurrentRequestForOnePostGoesUpstream() throws Exception {
    long before = slow.requests();
    concurrently("/uncoalesced/posts/3");
    long uncoalesced = slow.requests() - before;

    before = slow.requests();
    concurrently("/coalesced/posts/3");
    long coalesced = slow.requests() - before;

    assertThat(uncoalesced).isEqualTo(REQUESTS);
    assertThat(coalesced).isLessThanOrEqualTo(3);
  }

  private void concurrently(String path) throws Exception {
    List<CompletableFuture<HttpResponse>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      answers.add(HttpCalls.sendAsync(client, HttpRequest.GET(base + path)));
    }
    for (CompletableFuture<HttpResponse> answer : answers) {
      assertPost(answer.get(10, TimeUnit.SECONDS), 3);
    }
  }

  private void assertPost(HttpResponse response, int id) throws Exception {
    assertThat(response.status().intValue()).isEqualTo(200);
    assertThat(HttpCalls.body(client, response)).contains("\"id\":" + id + ",");
  }

  private static CountingUpstream started(CompletionStage<CountingUpstream> starting)
      throws Exception {
    return starting.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
