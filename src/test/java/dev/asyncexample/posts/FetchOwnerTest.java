package dev.asyncexample.posts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.tracing.RequestContext;
import dev.asyncexample.tracing.TestTracing;
import dev.asyncexample.tracing.Tracing;
import dev.asyncexample.upstream.UpstreamException;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One path's owner alone, its fetches completed by the test. */
class FetchOwnerTest {

  private static final Rendered POST =
      new Rendered(
          Rendered.Kind.FOUND, ByteString.fromString("{\"id\":1}"), ByteString.emptyByteString());

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Fetches the test completes by hand, in the order they started. */
  private static final class Fetches {
    final List<CompletableFuture<Rendered>> started = new ArrayList<>();
    final List<RequestContext> contexts = new ArrayList<>();

    synchronized CompletableFuture<Rendered> start(Resource resource, RequestContext context) {
      CompletableFuture<Rendered> fetch = new CompletableFuture<>();
      started.add(fetch);
      contexts.add(context);
      return fetch;
    }

    synchronized int count() {
      return started.size();
    }

    synchronized CompletableFuture<Rendered> last() {
      return started.get(started.size() - 1);
    }
  }

  private static ActorRef<FetchOwner.Command> owner(Fetches fetches, boolean keep, Duration ttl) {
    return owner(fetches, keep, ttl, 1024 * 1024);
  }

  private static ActorRef<FetchOwner.Command> owner(
      Fetches fetches, boolean keep, Duration ttl, long maxAnswer) {
    return testKit.spawn(
        FetchOwner.create(
            new FetchOwner.Policy(
                fetches::start, Tracing.OFF, keep, rendered -> ttl, maxAnswer, "test-node")));
  }

  private static FetchOwner.Reply get(
      ActorRef<FetchOwner.Command> owner, boolean refresh, TestProbe<FetchOwner.Reply> probe) {
    owner.tell(
        new FetchOwner.Get(
            "/posts/1", Resource.Form.POST, "req", Map.of(), refresh, probe.getRef()));
    return probe.receiveMessage();
  }

  @Test
  void callersJoinOneFetchAndAllHearItsAnswer() {
    Fetches fetches = new Fetches();
    ActorRef<FetchOwner.Command> owner = owner(fetches, false, Duration.ofMinutes(1));
    TestProbe<FetchOwner.Reply> first = testKit.createTestProbe();
    TestProbe<FetchOwner.Reply> second = testKit.createTestProbe();

    FetchOwner.Pending one = (FetchOwner.Pending) get(owner, false, first);
    FetchOwner.Pending two = (FetchOwner.Pending) get(owner, false, second);
    owner.tell(new FetchOwner.Await(one.fetch(), first.getRef()));
    owner.tell(new FetchOwner.Await(two.fetch(), second.getRef()));
    first.expectNoMessage(Duration.ofMillis(100));
    fetches.last().complete(POST);

    assertThat(two.fetch()).isEqualTo(one.fetch());
    assertThat(fetches.count()).isEqualTo(1);
    for (TestProbe<FetchOwner.Reply> probe : List.of(first, second)) {
      FetchOwner.Answer answer = probe.expectMessageClass(FetchOwner.Answer.class);
      assertThat(answer.held()).isFalse();
      assertThat(RenderedCodec.decode(ByteString.fromArray(answer.encoded()))).contains(POST);
    }
  }

  @Test
  void theFetchContinuesTheFirstCallersTraceAndLaterCallersLinkToIt() {
    TestTracing traces = new TestTracing();
    Fetches fetches = new Fetches();
    ActorRef<FetchOwner.Command> owner =
        testKit.spawn(
            FetchOwner.create(
                new FetchOwner.Policy(
                    fetches::start,
                    traces.tracing,
                    false,
                    rendered -> Duration.ofMinutes(1),
                    1024 * 1024,
                    "test-node")));
    TestProbe<FetchOwner.Reply> probe = testKit.createTestProbe();
    String firstTrace = "0af7651916cd43dd8448eb211c80319c";
    String secondTrace = "4bf92f3577b34da6a3ce929d0e0e4736";

    owner.tell(
        new FetchOwner.Get(
            "/posts/1",
            Resource.Form.POST,
            "a",
            traceparent(firstTrace, "b7ad6b7169203331"),
            false,
            probe.getRef()));
    FetchOwner.Pending pending = probe.expectMessageClass(FetchOwner.Pending.class);
    owner.tell(
        new FetchOwner.Get(
            "/posts/1",
            Resource.Form.POST,
            "b",
            traceparent(secondTrace, "00f067aa0ba902b7"),
            false,
            probe.getRef()));
    probe.expectMessageClass(FetchOwner.Pending.class);
    fetches.last().complete(POST);
    owner.tell(new FetchOwner.Await(pending.fetch(), probe.getRef()));
    probe.expectMessageClass(FetchOwner.Answer.class);

    SpanData fetch = traces.named("upstream fetch").get(0);
    assertThat(fetch.getTraceId()).isEqualTo(firstTrace);
    assertThat(fetch.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(fetches.contexts.get(0).spanContext()).isEqualTo(fetch.getSpanContext());
    List<SpanData> joins = traces.named("join upstream fetch");
    assertThat(joins).hasSize(1);
    assertThat(joins.get(0).getTraceId()).isEqualTo(secondTrace);
    assertThat(joins.get(0).getLinks())
        .extracting(LinkData::getSpanContext)
        .containsExactly(fetch.getSpanContext());
  }

  private static Map<String, String> traceparent(String trace, String span) {
    return Map.of("traceparent", "00-" + trace + "-" + span + "-01");
  }

  @Test
  void anAwaitAfterTheFetchCompletedStillGetsItsOutcome() {
    Fetches fetches = new Fetches();
    ActorRef<FetchOwner.Command> owner = owner(fetches, false, Duration.ofMinutes(1));
    TestProbe<FetchOwner.Reply> probe = testKit.createTestProbe();

    FetchOwner.Pending pending = (FetchOwner.Pending) get(owner, false, probe);
    fetches.last().complete(POST);
    probe.expectNoMessage(Duration.ofMillis(100));
    owner.tell(new FetchOwner.Await(pending.fetch(), probe.getRef()));

    assertThat(probe.expectMessageClass(FetchOwner.Answer.class).held()).isFalse();
    owner.tell(new FetchOwner.Await(pending.fetch() + 1, probe.getRef()));
    probe.expectMessageClass(FetchOwner.FetchYourself.class);
  }

  @Test
  void aKeptAnswerIsServedAtOnceUntilItsTtlUnlessRefreshed() {
    Fetches fetches = new Fetches();
    ActorRef<FetchOwner.Command> owner = owner(fetches, true, Duration.ofMillis(300));
    TestProbe<FetchOwner.Reply> probe = testKit.createTestProbe();
    FetchOwner.Pending pending = (FetchOwner.Pending) get(owner, false, probe);
    owner.tell(new FetchOwner.Await(pending.fetch(), probe.getRef()));
    fetches.last().complete(POST);
    probe.expectMessageClass(FetchOwner.Answer.class);

    FetchOwner.Reply held = get(owner, false, probe);
    FetchOwner.Reply refreshed = get(owner, true, probe);

    assertThat(held)
        .isInstanceOfSatisfying(FetchOwner.Answer.class, a -> assertThat(a.held()).isTrue());
    assertThat(refreshed).isInstanceOf(FetchOwner.Pending.class);
    assertThat(fetches.count()).isEqualTo(2);
    fetches.last().complete(POST);
    probe.expectNoMessage(Duration.ofMillis(400));
    assertThat(get(owner, false, probe)).isInstanceOf(FetchOwner.Pending.class);
    assertThat(fetches.count()).isEqualTo(3);
  }

  @Test
  void anAnswerThatIsNotKeptIsFetchedAgain() {
    Fetches fetches = new Fetches();
    ActorRef<FetchOwner.Command> owner = owner(fetches, false, Duration.ofMinutes(1));
    TestProbe<FetchOwner.Reply> probe = testKit.createTestProbe();
    get(owner, false, probe);
    fetches.last().complete(POST);
    probe.expectNoMessage(Duration.ofMillis(100));

    assertThat(get(owner, false, probe)).isInstanceOf(FetchOwner.Pending.class);
    assertThat(fetches.count()).isEqualTo(2);
  }

  @Test
  void anAnswerOverTheLimitSendsEveryCallerToFetchItAndIsNotKept() {
    Fetches fetches = new Fetches();
    long limit = RenderedCodec.encode(POST).size() - 1L;
    ActorRef<FetchOwner.Command> owner = owner(fetches, true, Duration.ofMinutes(1), limit);
    TestProbe<FetchOwner.Reply> probe = testKit.createTestProbe();
    FetchOwner.Pending pending = (FetchOwner.Pending) get(owner, false, probe);
    owner.tell(new FetchOwner.Await(pending.fetch(), probe.getRef()));
    fetches.last().complete(POST);

    probe.expectMessageClass(FetchOwner.FetchYourself.class);
    assertThat(get(owner, false, probe)).isInstanceOf(FetchOwner.Pending.class);
  }

  @Test
  void callersWaitingWhenTheOwnerStopsAreToldToFetchForThemselves() {
    Fetches fetches = new Fetches();
    ActorRef<FetchOwner.Command> owner = owner(fetches, true, Duration.ofMinutes(1));
    TestProbe<FetchOwner.Reply> probe = testKit.createTestProbe();
    FetchOwner.Pending pending = (FetchOwner.Pending) get(owner, false, probe);
    owner.tell(new FetchOwner.Await(pending.fetch(), probe.getRef()));
    probe.expectNoMessage(Duration.ofMillis(100));

    testKit.stop(owner);

    probe.expectMessageClass(FetchOwner.FetchYourself.class);
  }

  @Test
  void anUpstreamFailureReachesEveryCallerAsIsAndIsNotKept() {
    Fetches fetches = new Fetches();
    ActorRef<FetchOwner.Command> owner = owner(fetches, true, Duration.ofMinutes(1));
    TestProbe<FetchOwner.Reply> probe = testKit.createTestProbe();
    FetchOwner.Pending pending = (FetchOwner.Pending) get(owner, false, probe);
    owner.tell(new FetchOwner.Await(pending.fetch(), probe.getRef()));
    fetches
        .last()
        .completeExceptionally(
            new UpstreamException(UpstreamException.Kind.TIMEOUT, "Upstream did not answer"));

    FetchOwner.Failed failed = probe.expectMessageClass(FetchOwner.Failed.class);
    assertThat(failed.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    assertThat(failed.message()).isEqualTo("Upstream did not answer");
    assertThat(get(owner, false, probe)).isInstanceOf(FetchOwner.Pending.class);
  }
}
