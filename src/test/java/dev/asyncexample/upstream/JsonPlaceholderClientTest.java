package dev.asyncexample.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.embedded.PostCatalog;
import dev.asyncexample.posts.Post;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The client against a real (embedded) upstream over loopback, in good and bad weather. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonPlaceholderClientTest {

  private static final Duration TIMEOUT = Duration.ofMillis(400);

  private final PostCatalog catalog = new PostCatalog(100);
  private ActorSystem system;
  private ControllableUpstream upstream;
  private JsonPlaceholderClient client;

  @BeforeAll
  void start() {
    // A small pool, so that any connection left unread would show up within a few requests.
    system =
        ActorSystem.create(
            "client-test",
            TestConfig.with(
                """
                pekko.http.host-connection-pool.max-connections = 2
                pekko.http.host-connection-pool.max-open-requests = 4
                """));
    upstream = TestUpstreams.start();
    client = TestClients.client(system, upstream.baseUrl(), TIMEOUT);
    warmUp();
  }

  /**
   * The first call opens a connection and runs cold code on both sides; on a busy machine that
   * alone can outlast {@link #TIMEOUT}, which the tests mean for the upstream's answer only.
   */
  private void warmUp() {
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        await(client.post(1, "warm-up"));
        return;
      } catch (Exception stillCold) {
        // Each attempt warms things up further.
      }
    }
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  @AfterAll
  void stop() {
    upstream.close();
    Systems.stop(system);
  }

  @Test
  void decodesOnePost() throws Exception {
    assertThat(await(client.post(1, "r1"))).contains(catalog.byId(1).orElseThrow());
  }

  @Test
  void upstream404IsEmpty() throws Exception {
    assertThat(await(client.post(101, "r1"))).isEmpty();
  }

  @Test
  void listsDecodeToTheWholeCatalogInOrder() throws Exception {
    List<Post> posts =
        await(client.posts("r1").thenCompose(source -> source.runWith(Sink.seq(), system)));
    assertThat(posts).isEqualTo(catalog.all());
  }

  @Test
  void unknownUserIsAnEmptyList() throws Exception {
    List<Post> posts =
        await(
            client.postsOfUser(42, "r1").thenCompose(source -> source.runWith(Sink.seq(), system)));
    assertThat(posts).isEmpty();
    assertThat(upstream.hits("/posts?userId=42")).isEqualTo(1);
  }

  @Test
  void forwardsTheRequestId() throws Exception {
    await(client.post(5, "abc-123"));
    assertThat(upstream.requestIds()).containsExactly("abc-123");
  }

  @Test
  void misbehavingUpstreamIsBadGateway() {
    for (Failure failure :
        List.of(
            Failure.SERVER_ERROR,
            Failure.MALFORMED_JSON,
            Failure.WRONG_SHAPE,
            Failure.CONNECTION_RESET)) {
      upstream.fail(failure);
      assertThat(failureOf(client.post(1, "r1")))
          .as(failure.name())
          .isEqualTo(UpstreamException.Kind.BAD_GATEWAY);
      // A list is a lazy stream: a body that starts well fails when its elements are pulled.
      assertThat(
              failureOf(client.posts("r1").thenCompose(posts -> posts.runWith(Sink.seq(), system))))
          .as(failure.name())
          .isEqualTo(UpstreamException.Kind.BAD_GATEWAY);
    }
  }

  @Test
  void slowUpstreamIsATimeout() {
    upstream.delay(TIMEOUT.multipliedBy(3));
    assertThat(failureOf(client.post(1, "r1"))).isEqualTo(UpstreamException.Kind.TIMEOUT);
  }

  @Test
  void manyFailuresLeaveNoConnectionBehind() throws Exception {
    // Far more failed calls than the pool has room for (2 + 4): each must give its connection back.
    for (Failure failure :
        List.of(Failure.SERVER_ERROR, Failure.MALFORMED_JSON, Failure.CONNECTION_RESET)) {
      upstream.fail(failure);
      for (int batch = 0; batch < 5; batch++) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          calls.add(client.post(10 * batch + i + 1, "fail").toCompletableFuture());
        }
        calls.forEach(
            call -> assertThat(catchThrowable(() -> call.get(5, TimeUnit.SECONDS))).isNotNull());
      }
    }
    upstream.fail(Failure.NONE);
    upstream.delay(TIMEOUT.multipliedBy(2));
    for (int i = 0; i < 6; i++) {
      assertThat(failureOf(client.post(50 + i, "late"))).isEqualTo(UpstreamException.Kind.TIMEOUT);
    }
    upstream.delay(Duration.ZERO);
    // Late answers to the timed-out calls are discarded as they arrive; the pool then serves again.
    upstream.awaitHits(6 + 60).toCompletableFuture().get(5, TimeUnit.SECONDS);
    for (int i = 1; i <= 8; i++) {
      assertThat(await(client.post(i, "after"))).contains(catalog.byId(i).orElseThrow());
    }
  }

  @Test
  void callbacksRunOnThePekkoDispatcherNotOnFreshThreads() throws Exception {
    // Surefire pins the common pool to parallelism 1, as on 2 CPUs: there, a callback chained on a
    // Pekko stage without an executor costs a new thread.
    for (int i = 1; i <= 20; i++) {
      await(client.post(i, "warm-up"));
    }
    long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
    for (int i = 0; i < 200; i++) {
      await(client.post(i % 100 + 1, "counted"));
      await(client.posts("counted").thenCompose(posts -> posts.runWith(Sink.head(), system)));
    }
    long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;

    assertThat(started).isLessThan(20);
  }

  /**
   * A client on the same small pool with a roomier budget: these tests are about what is streamed,
   * not about the deadline, and a cold first stream can outlast {@link #TIMEOUT} on a busy machine.
   */
  private JsonPlaceholderClient streaming() {
    return TestClients.client(system, upstream.baseUrl(), Duration.ofSeconds(10));
  }

  @Test
  void streamedPostsAreTheUpstreamsInOrder() throws Exception {
    JsonPlaceholderClient streaming = streaming();
    assertThat(await(streaming.streamPosts(Optional.empty(), "s-1").runWith(Sink.seq(), system)))
        .isEqualTo(catalog.all());
    assertThat(await(streaming.streamPosts(Optional.of(4), "s-2").runWith(Sink.seq(), system)))
        .isEqualTo(catalog.byUser(4));
  }

  @Test
  void streamedPostsBypassTheCoalescerAndSendTheRequestId() throws Exception {
    var unused =
        await(client.streamPosts(Optional.empty(), "stream-id").runWith(Sink.seq(), system));
    assertThat(upstream.hits("/posts")).isEqualTo(1);
    assertThat(upstream.requestIds()).contains("stream-id");
  }

  @Test
  void streamFailsWithAnUpstreamErrorAndFreesItsConnection() {
    JsonPlaceholderClient streaming = streaming();
    // More failures than the pool has connections and queue: a leaked one would show up.
    for (Failure failure :
        List.of(
            Failure.SERVER_ERROR,
            Failure.MALFORMED_JSON,
            Failure.WRONG_SHAPE,
            Failure.CONNECTION_RESET,
            Failure.SERVER_ERROR,
            Failure.MALFORMED_JSON,
            Failure.SERVER_ERROR)) {
      upstream.fail(failure);
      assertThat(
              failureOf(streaming.streamPosts(Optional.empty(), "x").runWith(Sink.seq(), system)))
          .as(failure.name())
          .isEqualTo(UpstreamException.Kind.BAD_GATEWAY);
    }
  }

  @Test
  void streamWaitsForHeadersNoLongerThanTheTimeout() {
    upstream.delay(TIMEOUT.multipliedBy(3));
    assertThat(failureOf(client.streamPosts(Optional.empty(), "slow").runWith(Sink.seq(), system)))
        .isEqualTo(UpstreamException.Kind.TIMEOUT);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static UpstreamException.Kind failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(UpstreamException.class);
      return ((UpstreamException) e.getCause()).kind();
    } catch (Exception e) {
      throw new AssertionError("expected an upstream failure, got " + e, e);
    }
    throw new AssertionError("expected an upstream failure, got an answer");
  }
}
