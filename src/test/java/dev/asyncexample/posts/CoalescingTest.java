package dev.asyncexample.posts;

import static dev.asyncexample.tracing.RequestContext.untraced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** N concurrent requests for one URL reach the real upstream once, counted by the upstream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoalescingTest {

  private static final int CALLERS = 50;

  private ActorSystem system;
  private ControllableUpstream upstream;

  @BeforeAll
  void start() {
    system = ActorSystem.create("coalescing-test", TestConfig.base());
    upstream = TestUpstreams.start();
  }

  @AfterAll
  void stop() {
    upstream.close();
    Systems.stop(system);
  }

  @Test
  void concurrentIdenticalGetsMakeOneUpstreamRequest() throws Exception {
    TestClients.ClientAndCoalescer wired =
        TestClients.withCoalescer(system, upstream.baseUrl(), Duration.ofSeconds(5));
    ControllableUpstream.Gate gate = upstream.hold();

    List<CompletableFuture<Optional<Post>>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      answers.add(wired.client().find(7, untraced("caller-" + i)).toCompletableFuture());
    }
    // Every caller is registered with the coalescer before the upstream may answer.
    assertThat(waiting(wired, "/posts/7")).isEqualTo(CALLERS);
    upstream.awaitHits(1).toCompletableFuture().get(5, TimeUnit.SECONDS);
    gate.release();

    Post first = answers.get(0).get(5, TimeUnit.SECONDS).orElseThrow();
    for (CompletableFuture<Optional<Post>> answer : answers) {
      assertThat(answer.get(5, TimeUnit.SECONDS)).contains(first);
    }
    assertThat(upstream.hits("/posts/7")).isEqualTo(1);
    assertThat(upstream.requestIds()).containsExactly("caller-0");

    // Coalescing, not caching: once answered, the next request goes upstream again.
    wired.client().find(7, untraced("later")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(upstream.hits("/posts/7")).isEqualTo(2);
  }

  private int waiting(TestClients.ClientAndCoalescer wired, String url) throws Exception {
    return AskPattern.<FetchCoalescer.Command, Integer>ask(
            wired.coalescer(),
            replyTo -> new FetchCoalescer.CountWaiting(url, replyTo),
            Duration.ofSeconds(3),
            Adapter.toTyped(system).scheduler())
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
