package dev.asyncexample.posts;

import static dev.asyncexample.tracing.RequestContext.untraced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.embedded.PostCatalog;
import dev.asyncexample.json.Json;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import dev.asyncexample.upstream.UpstreamException;
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

/**
 * The posts service and its upstream client against a real (embedded) upstream over loopback, in
 * good and bad weather.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostsServiceTest {

  private static final Duration TIMEOUT = Duration.ofMillis(400);

  private final PostCatalog catalog = new PostCatalog(100);
  private ActorSystem system;
  private ControllableUpstream upstream;
  private PostsService client;

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
        await(client.find(1, untraced("warm-up")));
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
    assertThat(await(client.find(1, untraced("r1")))).contains(catalog.byId(1).orElseThrow());
  }

  @Test
  void upstream404IsEmpty() throws Exception {
    assertThat(await(client.find(101, untraced("r1")))).isEmpty();
  }

  @Test
  void listsDecodeToTheWholeCatalogInOrder() throws Exception {
    Rendered posts =
        await(client.posts(Optional.empty(), untraced("r1"), CacheMode.NORMAL)).value();
    assertThat(decode(posts.json())).isEqualTo(catalog.all());
    assertThat(posts.lines().utf8String().lines().map(line -> decodeOne(line)).toList())
        .isEqualTo(catalog.all());
  }

  @Test
  void unknownUserIsAnEmptyList() throws Exception {
    Rendered posts = await(client.posts(Optional.of(42), untraced("r1"), CacheMode.NORMAL)).value();
    assertThat(posts.kind()).isEqualTo(Rendered.Kind.EMPTY);
    assertThat(posts.json().utf8String()).isEqualTo("[]");
    assertThat(upstream.hits("/posts?userId=42")).isEqualTo(1);
  }

  @Test
  void forwardsTheRequestId() throws Exception {
    await(client.find(5, untraced("abc-123")));
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
      assertThat(failureOf(client.find(1, untraced("r1"))))
          .as(failure.name())
          .isEqualTo(UpstreamException.Kind.BAD_GATEWAY);
      // A list is checked whole before any answer: a broken one fails, it never starts a 200.
      assertThat(failureOf(client.posts(Optional.empty(), untraced("r1"), CacheMode.NORMAL)))
          .as(failure.name())
          .isEqualTo(UpstreamException.Kind.BAD_GATEWAY);
    }
  }

  @Test
  void slowUpstreamIsATimeout() {
    upstream.delay(TIMEOUT.multipliedBy(3));
    assertThat(failureOf(client.find(1, untraced("r1")))).isEqualTo(UpstreamException.Kind.TIMEOUT);
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
          calls.add(client.find(10 * batch + i + 1, untraced("fail")).toCompletableFuture());
        }
        calls.forEach(
            call -> assertThat(catchThrowable(() -> call.get(5, TimeUnit.SECONDS))).isNotNull());
      }
    }
    upstream.fail(Failure.NONE);
    upstream.delay(TIMEOUT.multipliedBy(2));
    for (int i = 0; i < 6; i++) {
      assertThat(failureOf(client.find(50 + i, untraced("late"))))
          .isEqualTo(UpstreamException.Kind.TIMEOUT);
    }
    upstream.delay(Duration.ZERO);
    // Late answers to the timed-out calls are discarded as they arrive; the pool then serves again.
    upstream.awaitHits(6 + 60).toCompletableFuture().get(5, TimeUnit.SECONDS);
    for (int i = 1; i <= 8; i++) {
      assertThat(await(client.find(i, untraced("after")))).contains(catalog.byId(i).orElseThrow());
    }
  }

  @Test
  void callbacksRunOnThePekkoDispatcherNotOnFreshThreads() throws Exception {
    // Surefire pins the common pool to parallelism 1, as on 2 CPUs: there, a callback chained on a
    // Pekko stage without an executor costs a new thread.
    for (int i = 1; i <= 20; i++) {
      await(client.find(i, untraced("warm-up")));
    }
    long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
    for (int i = 0; i < 200; i++) {
      await(client.find(i % 100 + 1, untraced("counted")));
      await(client.posts(Optional.empty(), untraced("counted"), CacheMode.NORMAL));
      await(
          client.stream(Optional.of(i % 10 + 1), untraced("counted")).runWith(Sink.head(), system));
    }
    long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;

    assertThat(started).isLessThan(20);
  }

  /**
   * A client on the same small pool with a roomier budget: these tests are about what is streamed,
   * not about the deadline, and a cold first stream can outlast {@link #TIMEOUT} on a busy machine.
   */
  private PostsService streaming() {
    return TestClients.client(system, upstream.baseUrl(), Duration.ofSeconds(10));
  }

  @Test
  void streamedPostsAreTheUpstreamsInOrder() throws Exception {
    PostsService streaming = streaming();
    assertThat(
            await(streaming.stream(Optional.empty(), untraced("s-1")).runWith(Sink.seq(), system)))
        .isEqualTo(catalog.all());
    assertThat(await(streaming.stream(Optional.of(4), untraced("s-2")).runWith(Sink.seq(), system)))
        .isEqualTo(catalog.byUser(4));
  }

  @Test
  void streamedPostsBypassTheCoalescerAndSendTheRequestId() throws Exception {
    var unused =
        await(client.stream(Optional.empty(), untraced("stream-id")).runWith(Sink.seq(), system));
    assertThat(upstream.hits("/posts")).isEqualTo(1);
    assertThat(upstream.requestIds()).contains("stream-id");
  }

  @Test
  void streamFailsWithAnUpstreamErrorAndFreesItsConnection() {
    PostsService streaming = streaming();
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
              failureOf(
                  streaming.stream(Optional.empty(), untraced("x")).runWith(Sink.seq(), system)))
          .as(failure.name())
          .isEqualTo(UpstreamException.Kind.BAD_GATEWAY);
    }
  }

  @Test
  void streamWaitsForHeadersNoLongerThanTheTimeout() {
    upstream.delay(TIMEOUT.multipliedBy(3));
    assertThat(
            failureOf(
                client.stream(Optional.empty(), untraced("slow")).runWith(Sink.seq(), system)))
        .isEqualTo(UpstreamException.Kind.TIMEOUT);
  }

  private static List<Post> decode(org.apache.pekko.util.ByteString json) throws Exception {
    return Json.MAPPER.readerForListOf(Post.class).readValue(json.toArray());
  }

  private static Post decodeOne(String json) {
    try {
      return Json.MAPPER.readValue(json, Post.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
