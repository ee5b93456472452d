package dev.asyncexample.upstream;

import static org.assertj.core.api.Assertions.assertThat;

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
class RequestCoalescerTest {

  private static ActorTestKit testKit;

  /** A fetcher that records its calls and completes them when told. */
  private static final class ControlledFetcher {
    final Map<String, List<CompletableFuture<UpstreamReply>>> calls = new ConcurrentHashMap<>();

    CompletableFuture<UpstreamReply> fetch(String url, String requestId) {
      CompletableFuture<UpstreamReply> call = new CompletableFuture<>();
      calls.computeIfAbsent(url, u -> new ArrayList<>()).add(call);
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
    ActorRef<RequestCoalescer.Command> coalescer =
        testKit.spawn(RequestCoalescer.create(fetcher::fetch));
    List<TestProbe<StatusReply<UpstreamReply>>> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TestProbe<StatusReply<UpstreamReply>> caller = testKit.createTestProbe();
      coalescer.tell(new RequestCoalescer.Fetch("http://u/posts/1", "r" + i, caller.getRef()));
      callers.add(caller);
    }

    assertThat(waitingOn(coalescer, "http://u/posts/1")).isEqualTo(5);
    assertThat(fetcher.callsTo("http://u/posts/1")).isEqualTo(1);

    UpstreamReply reply = new UpstreamReply(200, ByteString.fromString("{\"id\":1}"));
    fetcher.calls.get("http://u/posts/1").get(0).complete(reply);
    callers.forEach(caller -> assertThat(caller.receiveMessage().getValue()).isSameAs(reply));
    assertThat(waitingOn(coalescer, "http://u/posts/1")).isZero();
  }

  @Test
  void aFailureReachesEveryWaitingCaller() {
    ControlledFetcher fetcher = new ControlledFetcher();
    ActorRef<RequestCoalescer.Command> coalescer =
        testKit.spawn(RequestCoalescer.create(fetcher::fetch));
    TestProbe<StatusReply<UpstreamReply>> first = testKit.createTestProbe();
    TestProbe<StatusReply<UpstreamReply>> second = testKit.createTestProbe();
    coalescer.tell(new RequestCoalescer.Fetch("http://u/posts", "a", first.getRef()));
    coalescer.tell(new RequestCoalescer.Fetch("http://u/posts", "b", second.getRef()));
    assertThat(waitingOn(coalescer, "http://u/posts")).isEqualTo(2);

    fetcher
        .calls
        .get("http://u/posts")
        .get(0)
        .completeExceptionally(new UpstreamException(UpstreamException.Kind.TIMEOUT, "slow"));

    for (TestProbe<StatusReply<UpstreamReply>> caller : List.of(first, second)) {
      StatusReply<UpstreamReply> answer = caller.receiveMessage();
      assertThat(answer.isError()).isTrue();
      assertThat(((UpstreamException) answer.getError()).kind())
          .isEqualTo(UpstreamException.Kind.TIMEOUT);
    }
  }

  @Test
  void differentUrlsAreFetchedSeparatelyAndNothingIsCached() {
    ControlledFetcher fetcher = new ControlledFetcher();
    ActorRef<RequestCoalescer.Command> coalescer =
        testKit.spawn(RequestCoalescer.create(fetcher::fetch));
    TestProbe<StatusReply<UpstreamReply>> caller = testKit.createTestProbe();

    coalescer.tell(new RequestCoalescer.Fetch("http://u/posts/1", "a", caller.getRef()));
    coalescer.tell(new RequestCoalescer.Fetch("http://u/posts/2", "b", caller.getRef()));
    assertThat(waitingOn(coalescer, "http://u/posts/2")).isEqualTo(1);
    assertThat(fetcher.callsTo("http://u/posts/1")).isEqualTo(1);
    assertThat(fetcher.callsTo("http://u/posts/2")).isEqualTo(1);

    fetcher
        .calls
        .get("http://u/posts/1")
        .get(0)
        .complete(new UpstreamReply(200, ByteString.emptyByteString()));
    caller.receiveMessage();
    coalescer.tell(new RequestCoalescer.Fetch("http://u/posts/1", "c", caller.getRef()));
    assertThat(waitingOn(coalescer, "http://u/posts/1")).isEqualTo(1);
    assertThat(fetcher.callsTo("http://u/posts/1")).isEqualTo(2);
  }

  @Test
  void aFetcherThatThrowsStillAnswersTheCaller() {
    ActorRef<RequestCoalescer.Command> coalescer =
        testKit.spawn(
            RequestCoalescer.create(
                (url, id) -> {
                  throw new IllegalStateException("broken fetcher");
                }));
    TestProbe<StatusReply<UpstreamReply>> caller = testKit.createTestProbe();

    coalescer.tell(new RequestCoalescer.Fetch("http://u/posts/9", "a", caller.getRef()));

    assertThat(caller.receiveMessage(Duration.ofSeconds(3)).isError()).isTrue();
    assertThat(waitingOn(coalescer, "http://u/posts/9")).isZero();
  }

  /** Asked after the fetches from this thread, so it is answered after they were handled. */
  private static int waitingOn(ActorRef<RequestCoalescer.Command> coalescer, String url) {
    TestProbe<Integer> probe = testKit.createTestProbe();
    coalescer.tell(new RequestCoalescer.CountWaiting(url, probe.getRef()));
    return probe.receiveMessage();
  }
}
