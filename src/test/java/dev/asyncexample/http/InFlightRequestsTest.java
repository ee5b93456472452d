package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.testing.RouteTestSupport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Shutdown waits for answers in flight, including streamed bodies, and closes their connections.
 */
class InFlightRequestsTest extends RouteTestSupport {

  @Test
  void drainCompletesAtOnceWhenNothingIsInFlight() {
    InFlightRequests inFlight = new InFlightRequests();
    assertThat(inFlight.drain().toCompletableFuture()).isCompleted();
  }

  @Test
  void drainWaitsForTheAnswerAndClosesItsConnection() {
    InFlightRequests inFlight = new InFlightRequests();
    CompletableFuture<String> answer = new CompletableFuture<>();
    Route route = inFlight.track(() -> onSuccess(answer, body -> complete(body)));

    TestRouteResult result = testRoute(route).run(HttpRequest.GET("/slow"));
    CompletionStage<?> drained = inFlight.drain();

    assertThat(inFlight.inFlight()).isEqualTo(1);
    assertThat(drained.toCompletableFuture()).isNotDone();
    answer.complete("done");
    result.assertStatusCode(StatusCodes.OK).assertHeaderExists("Connection", "close");
    assertThat(result.entityString()).isEqualTo("done");
    assertThat(drained.toCompletableFuture()).succeedsWithin(Duration.ofSeconds(3));
  }

  @Test
  void aStreamedBodyIsInFlightUntilItsStreamEnds() {
    InFlightRequests inFlight = new InFlightRequests();
    CompletableFuture<ByteString> lastChunk = new CompletableFuture<>();
    Route route =
        inFlight.track(
            () ->
                complete(
                    HttpResponse.create()
                        .withEntity(
                            HttpEntities.createChunked(
                                ContentTypes.APPLICATION_JSON,
                                Source.single(ByteString.fromString("[1,"))
                                    .concat(Source.completionStage(lastChunk))))));

    // The testkit reads the whole body before it reports anything, so no assertion on it yet.
    TestRouteResult result = testRoute(route).run(HttpRequest.GET("/stream"));
    CompletionStage<?> drained = inFlight.drain();

    assertThat(inFlight.inFlight()).isEqualTo(1);
    assertThat(drained.toCompletableFuture()).isNotDone();
    lastChunk.complete(ByteString.fromString("2]"));
    assertThat(result.entityString()).isEqualTo("[1,2]");
    assertThat(drained.toCompletableFuture()).succeedsWithin(Duration.ofSeconds(3));
  }

  @Test
  void duringTheDrainAWholeBodyIsInFlightUntilItsBytesAreTaken() throws Exception {
    InFlightRequests inFlight = new InFlightRequests();
    CompletableFuture<String> answer = new CompletableFuture<>();
    Route route = inFlight.track(() -> onSuccess(answer, body -> complete(body)));
    // Called as the server calls it (the testkit would read the body before we could look).
    CompletionStage<HttpResponse> called =
        route.seal().handler(system()).apply(HttpRequest.GET("/late"));
    CompletionStage<?> drained = inFlight.drain();

    answer.complete("late");
    HttpResponse response = called.toCompletableFuture().get(3, TimeUnit.SECONDS);

    // Produced, but its bytes not yet taken by anyone: still in flight.
    assertThat(response.entity().isStrict()).isFalse();
    assertThat(inFlight.inFlight()).isEqualTo(1);
    assertThat(drained.toCompletableFuture()).isNotDone();
    response.entity().discardBytes(system());
    assertThat(drained.toCompletableFuture()).succeedsWithin(Duration.ofSeconds(3));
  }

  @Test
  void answersBeforeShutdownKeepTheirConnectionOpen() {
    InFlightRequests inFlight = new InFlightRequests();
    Route route = inFlight.track(() -> complete("hi"));

    TestRouteResult result = testRoute(route).run(HttpRequest.GET("/"));

    assertThat(result.response().getHeader("Connection")).isEmpty();
    assertThat(inFlight.inFlight()).isZero();
  }
}
