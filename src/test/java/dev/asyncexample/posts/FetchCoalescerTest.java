package dev.asyncexample.posts;

import static dev.asyncexample.tracing.RequestContext.untraced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.FetchMeters;
import dev.asyncexample.tracing.RequestContext;
import dev.asyncexample.upstream.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The coalescer alone, with a fetcher whose answers the test controls. */
class FetchCoalescerTest {

  private static ActorTestKit testKit;

  /** A fetcher that records its calls and completes them when told. */
  private static final class ControlledFetcher {
    final Map<String, List<CompletableFuture<Rendered>>> calls = new ConcurrentHashMap<>();

    CompletableFuture<Rendered> fetch(Resource resource, RequestContext context) {
      CompletableFuture<Rendered> call = new CompletableFuture<>();
      calls.computeIfAbsent(resource.path(), u -> new ArrayList<>()).add(call);
      return call;
    }

    int callsTo(String url) {
      return calls.getOrDefault(url, List.of()).size();
    }
  }

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void concurrentFetchesOfOneUrlShareOneCallAndOneAnswer() {
    ControlledFetcher fetcher = new ControlledFetcher();
    ActorRef<FetchCoalescer.Command> coalescer =
        testKit.spawn(FetchCoalescer.create(fetcher::fetch));
    List<TestProbe<StatusReply<Rendered>>> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TestProbe<StatusReply<Rendered>> caller = testKit.createTestProbe();
      coalescer.tell(
          new FetchCoalescer.Fetch(
              new Resource("/posts/1", Resource.Form.POST), untraced("r" + i), caller.getRef()));
      callers.add(caller);
    }

    assertThat(waitingOn(coalescer, "/posts/1")).isEqualTo(5);
    assertThat(fetcher.callsTo("/posts/1")).isEqualTo(1);

    Rendered reply =
        new Rendered(
            Rendered.Kind.FOUND, ByteString.fromString("{\"id\":1}"), ByteString.emptyByteString());
    fetcher.calls.get("/posts/1").get(0).complete(reply);
    callers.forEach(caller -> assertThat(caller.receiveMessage().getValue()).isSameAs(reply));
    assertThat(waitingOn(coalescer, "/posts/1")).isZero();
  }

  @Test
  void aFailureReachesEveryWaitingCaller() {
    ControlledFetcher fetcher = new ControlledFetcher();
    ActorRef<FetchCoalescer.Command> coalescer =
        testKit.spawn(FetchCoalescer.create(fetcher::fetch));
    TestProbe<StatusReply<Rendered>> first = testKit.createTestProbe();
    TestProbe<StatusReply<Rendered>> second = testKit.createTestProbe();
    coalescer.tell(
        new FetchCoalescer.Fetch(
            new Resource("/posts", Resource.Form.POSTS), untraced("a"), first.getRef()));
    coalescer.tell(
        new FetchCoalescer.Fetch(
            new Resource("/posts", Resource.Form.POSTS), untraced("b"), second.getRef()));
    assertThat(waitingOn(coalescer, "/posts")).isEqualTo(2);

    fetcher
        .calls
        .get("/posts")
        .get(0)
        .completeExceptionally(new UpstreamException(UpstreamException.Kind.TIMEOUT, "slow"));

    for (TestProbe<StatusReply<Rendered>> caller : List.of(first, second)) {
      StatusReply<Rendered> answer = caller.receiveMessage();
      assertThat(answer.isError()).isTrue();
      assertThat(((UpstreamException) answer.getError()).kind())
          .isEqualTo(UpstreamException.Kind.TIMEOUT);
    }
  }

  @Test
  void differentUrlsAreFetchedSeparatelyAndNothingIsCached() {
    ControlledFetcher fetcher = new ControlledFetcher();
    ActorRef<FetchCoalescer.Command> coalescer =
        testKit.spawn(FetchCoalescer.create(fetcher::fetch));
    TestProbe<StatusReply<Rendered>> caller = testKit.createTestProbe();

    coalescer.tell(
        new FetchCoalescer.Fetch(
            new Resource("/posts/1", Resource.Form.POST), untraced("a"), caller.getRef()));
    coalescer.tell(
        new FetchCoalescer.Fetch(
            new Resource("/posts/2", Resource.Form.POST), untraced("b"), caller.getRef()));
    assertThat(waitingOn(coalescer, "/posts/2")).isEqualTo(1);
    assertThat(fetcher.callsTo("/posts/1")).isEqualTo(1);
    assertThat(fetcher.callsTo("/posts/2")).isEqualTo(1);

    fetcher.calls.get("/posts/1").get(0).complete(Rendered.MISSING);
    caller.receiveMessage();
    coalescer.tell(
        new FetchCoalescer.Fetch(
            new Resource("/posts/1", Resource.Form.POST), untraced("c"), caller.getRef()));
    assertThat(waitingOn(coalescer, "/posts/1")).isEqualTo(1);
    assertThat(fetcher.callsTo("/posts/1")).isEqualTo(2);
  }

  @Test
  void aFetchPastTheJoinWindowIsNotJoinedAndKeepsItsOwnCallers() {
    ControlledFetcher fetcher = new ControlledFetcher();
    // A window of zero: every fetch is already too old to join when the next caller comes.
    ActorRef<FetchCoalescer.Command> coalescer =
        testKit.spawn(
            FetchCoalescer.create(
                fetcher::fetch, new FetchMeters(AppMetrics.discarding(), "node"), Duration.ZERO));
    TestProbe<StatusReply<Rendered>> early = testKit.createTestProbe();
    TestProbe<StatusReply<Rendered>> late = testKit.createTestProbe();
    Resource post = new Resource("/posts/4", Resource.Form.POST);

    coalescer.tell(new FetchCoalescer.Fetch(post, untraced("early"), early.getRef()));
    coalescer.tell(new FetchCoalescer.Fetch(post, untraced("late"), late.getRef()));
    assertThat(waitingOn(coalescer, "/posts/4")).isEqualTo(1);
    assertThat(fetcher.callsTo("/posts/4")).isEqualTo(2);

    Rendered fresh =
        new Rendered(
            Rendered.Kind.FOUND, ByteString.fromString("{\"id\":4}"), ByteString.emptyByteString());
    fetcher.calls.get("/posts/4").get(1).complete(fresh);
    assertThat(late.receiveMessage().getValue()).isSameAs(fresh);
    early.expectNoMessage(Duration.ofMillis(100));

    fetcher
        .calls
        .get("/posts/4")
        .get(0)
        .completeExceptionally(new UpstreamException(UpstreamException.Kind.TIMEOUT, "slow"));
    assertThat(early.receiveMessage().isError()).isTrue();
    assertThat(waitingOn(coalescer, "/posts/4")).isZero();
  }

  @Test
  void anOldFetchEndingDoesNotDropTheOneNewCallersJoin() {
    ControlledFetcher fetcher = new ControlledFetcher();
    ActorRef<FetchCoalescer.Command> coalescer =
        testKit.spawn(
            FetchCoalescer.create(
                fetcher::fetch, new FetchMeters(AppMetrics.discarding(), "node"), Duration.ZERO));
    TestProbe<StatusReply<Rendered>> caller = testKit.createTestProbe();
    Resource post = new Resource("/posts/5", Resource.Form.POST);
    coalescer.tell(new FetchCoalescer.Fetch(post, untraced("old"), caller.getRef()));
    coalescer.tell(new FetchCoalescer.Fetch(post, untraced("new"), caller.getRef()));
    assertThat(waitingOn(coalescer, "/posts/5")).isEqualTo(1);

    fetcher.calls.get("/posts/5").get(0).complete(Rendered.MISSING);
    caller.receiveMessage();

    assertThat(waitingOn(coalescer, "/posts/5")).isEqualTo(1);
  }

  @Test
  void aFetcherThatThrowsStillAnswersTheCaller() {
    ActorRef<FetchCoalescer.Command> coalescer =
        testKit.spawn(
            FetchCoalescer.create(
                (resource, id) -> {
                  throw new IllegalStateException("broken fetcher");
                }));
    TestProbe<StatusReply<Rendered>> caller = testKit.createTestProbe();

    coalescer.tell(
        new FetchCoalescer.Fetch(
            new Resource("/posts/9", Resource.Form.POST), untraced("a"), caller.getRef()));

    assertThat(caller.receiveMessage(Duration.ofSeconds(3)).isError()).isTrue();
    assertThat(waitingOn(coalescer, "/posts/9")).isZero();
  }

  /** Asked after the fetches from this thread, so it is answered after they were handled. */
  private static int waitingOn(ActorRef<FetchCoalescer.Command> coalescer, String url) {
    TestProbe<Integer> probe = testKit.createTestProbe();
    coalescer.tell(new FetchCoalescer.CountWaiting(url, probe.getRef()));
    return probe.receiveMessage();
  }
}
