package dev.asyncexample.tracing;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.http.Problems;
import dev.asyncexample.posts.FetchCoalescer;
import dev.asyncexample.testing.ApiTestSupport;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.concurrent.duration.FiniteDuration;

/**
 * The whole API traced into memory: server spans named by route template, the upstream call as a
 * child whose context the upstream receives, links from callers that joined a fetch, and errors.
 */
class TracingTest extends ApiTestSupport {

  private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private final TestTracing traces = new TestTracing();

  @Override
  protected Tracing tracing() {
    return traces.tracing;
  }

  // Generous on a loaded machine: a slow answer here fails a test that is not about time.
  @Override
  protected Duration upstreamTimeout() {
    return Duration.ofSeconds(8);
  }

  @Override
  public FiniteDuration awaitDuration() {
    return FiniteDuration.create(15, TimeUnit.SECONDS);
  }

  /** A first request loads and compiles the whole path, so no test's spans pay for that. */
  @BeforeAll
  void warmUp() {
    app().run(HttpRequest.GET("/v1/posts/100")).assertStatusCode(StatusCodes.OK);
  }

  @BeforeEach
  void forgetSpans() {
    traces.spans.reset();
  }

  @Test
  void aRequestIsAServerSpanNamedByItsRouteInTheCallersTrace() {
    app()
        .run(
            HttpRequest.GET("/v1/posts/1")
                .addHeader(
                    RawHeader.create(
                        "traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")))
        .assertStatusCode(StatusCodes.OK);

    SpanData server = only(traces.ofKind(SpanKind.SERVER));
    assertThat(server.getName()).isEqualTo("GET /v1/posts/{post_id}");
    assertThat(server.getTraceId()).isEqualTo(CALLER_TRACE);
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.getParentSpanContext().isRemote()).isTrue();
    assertThat(server.getAttributes().get(stringKey("http.route")))
        .isEqualTo("/v1/posts/{post_id}");
    assertThat(server.getAttributes().get(stringKey("http.request.method"))).isEqualTo("GET");
    assertThat(server.getAttributes().get(stringKey("url.path"))).isEqualTo("/v1/posts/1");
    assertThat(server.getAttributes().get(longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void anUnknownPathIsNamedByItsMethodAlone() {
    app().run(HttpRequest.GET("/no/such/thing/42")).assertStatusCode(StatusCodes.NOT_FOUND);

    SpanData server = only(traces.ofKind(SpanKind.SERVER));
    assertThat(server.getName()).isEqualTo("GET");
    assertThat(server.getAttributes().get(stringKey("http.route"))).isNull();
    // A 4xx is the client's mistake, not the server span's error.
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void theUpstreamCallIsAChildSpanWhoseContextTheUpstreamReceives() {
    app().run(HttpRequest.GET("/v1/posts/2")).assertStatusCode(StatusCodes.OK);

    SpanData server = only(traces.ofKind(SpanKind.SERVER));
    SpanData fetch = only(traces.named("upstream fetch"));
    SpanData client = only(traces.ofKind(SpanKind.CLIENT));
    assertThat(server.getParentSpanContext().isValid()).isFalse();
    assertThat(fetch.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(client.getParentSpanId()).isEqualTo(fetch.getSpanId());
    assertThat(List.of(fetch.getTraceId(), client.getTraceId())).containsOnly(server.getTraceId());
    assertThat(client.getName()).isEqualTo("GET /posts/{id}");
    assertThat(client.getAttributes().get(stringKey("url.full"))).endsWith("/posts/2");
    assertThat(client.getAttributes().get(longKey("http.response.status_code"))).isEqualTo(200L);

    assertThat(upstream.traceparents())
        .containsExactly(
            "00-"
                + client.getTraceId()
                + "-"
                + client.getSpanId()
                + "-"
                + client.getSpanContext().getTraceFlags().asHex());
  }

  @Test
  void callersThatJoinAFetchInFlightLinkToIt() throws Exception {
    int callers = 4;
    ControllableUpstream.Gate gate = upstream.hold();
    List<TestRouteResult> answers = new ArrayList<>();
    try {
      for (int i = 0; i < callers; i++) {
        answers.add(app().run(HttpRequest.GET("/v1/posts/3")));
      }
      awaitWaiting("/posts/3", callers);
    } finally {
      gate.release();
    }
    answers.forEach(answer -> answer.assertStatusCode(StatusCodes.OK));

    assertThat(upstream.hits("/posts/3")).isEqualTo(1);
    SpanData client = only(traces.ofKind(SpanKind.CLIENT));
    SpanData fetch = only(traces.named("upstream fetch"));
    assertThat(client.getParentSpanId()).isEqualTo(fetch.getSpanId());
    List<SpanData> servers = traces.ofKind(SpanKind.SERVER);
    assertThat(servers.stream().map(SpanData::getTraceId).distinct()).hasSize(callers);
    // The fetch runs in the first caller's trace; every other caller waits in a span of its own
    // trace, linked to the fetch.
    assertThat(servers).filteredOn(s -> s.getTraceId().equals(fetch.getTraceId())).hasSize(1);
    List<SpanData> joins = traces.named("join upstream fetch");
    assertThat(joins).hasSize(callers - 1);
    Set<String> serverSpans = servers.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    for (SpanData join : joins) {
      assertThat(join.getTraceId()).isNotEqualTo(fetch.getTraceId());
      assertThat(serverSpans).contains(join.getParentSpanId());
      assertThat(join.getLinks())
          .extracting(LinkData::getSpanContext)
          .containsExactly(fetch.getSpanContext());
    }
  }

  @Test
  void aBookmarkSavedIsADatabaseSpanOfItsRequest() {
    app().run(HttpRequest.PUT("/v1/users/7/bookmarks/1")).assertStatusCode(StatusCodes.CREATED);

    SpanData server = only(traces.ofKind(SpanKind.SERVER));
    SpanData insert = only(traces.named("INSERT"));
    assertThat(insert.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(insert.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(insert.getAttributes().get(stringKey("db.system.name"))).isEqualTo("h2");
  }

  @Test
  void anUpstreamFailureMarksTheClientAndServerSpansFailed() {
    upstream.fail(Failure.SERVER_ERROR);
    app().run(HttpRequest.GET("/v1/posts/4")).assertStatusCode(StatusCodes.BAD_GATEWAY);

    SpanData server = only(traces.ofKind(SpanKind.SERVER));
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.getAttributes().get(longKey("http.response.status_code"))).isEqualTo(502L);
    assertThat(server.getAttributes().get(stringKey("error.type"))).isEqualTo("502");
    SpanData client = only(traces.ofKind(SpanKind.CLIENT));
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(longKey("http.response.status_code"))).isEqualTo(500L);
    assertThat(only(traces.named("upstream fetch")).getStatus().getStatusCode())
        .isEqualTo(StatusCode.ERROR);
  }

  @Test
  void linesLoggedWhileServingARequestCarryItsTrace() {
    upstream.fail(Failure.SERVER_ERROR);
    try (LogCapture access = LogCapture.of("access");
        LogCapture problems = LogCapture.of(Problems.class.getName())) {
      app()
          .run(HttpRequest.GET("/v1/posts/5").addHeader(RawHeader.create("X-Request-Id", "mdc-1")))
          .assertStatusCode(StatusCodes.BAD_GATEWAY);

      SpanData server = only(traces.ofKind(SpanKind.SERVER));
      ILoggingEvent line = only(access.lines);
      assertThat(line.getMDCPropertyMap())
          .containsEntry(LogContext.TRACE_ID, server.getTraceId())
          .containsEntry(LogContext.SPAN_ID, server.getSpanId());
      ILoggingEvent warning = only(problems.lines);
      assertThat(warning.getMDCPropertyMap())
          .containsEntry(LogContext.REQUEST_ID, "mdc-1")
          .containsEntry(LogContext.TRACE_ID, server.getTraceId());
    }
  }

  private void awaitWaiting(String path, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int waiting = 0;
    while (System.nanoTime() < deadline) {
      waiting =
          AskPattern.<FetchCoalescer.Command, Integer>ask(
                  coalescer,
                  replyTo -> new FetchCoalescer.CountWaiting(path, replyTo),
                  Duration.ofSeconds(3),
                  Adapter.toTyped(system()).scheduler())
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      if (waiting == count) {
        return;
      }
      Thread.sleep(10);
    }
    assertThat(waiting).as("callers waiting on " + path).isEqualTo(count);
  }

  private static <T> T only(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }
}
