package dev.asyncexample.embedded;

import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.DelayOverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Logs every request, then answers it the way it has been switched to: normally, broken, late, or
 * only once a held gate opens. Applied around the production upstream's route. Failures {@link
 * Failure#atConnection() at the connection} are the listener's, so here they answer normally.
 */
final class Switches extends AllDirectives {

  /** The start of a post: a reset or truncated answer cuts it off here. */
  static final ByteString PARTIAL_BODY =
      ByteString.fromString("[{\"userId\":1,\"id\":1,\"title\":\"");

  /**
   * Between the partial body and the reset: Pekko aborts at once on a failed body, and an abort
   * right behind the first bytes would discard them before they are written.
   */
  private static final Duration BEFORE_RESET = Duration.ofMillis(50);

  private final ArrivalLog arrivals;
  private final AtomicLong answered = new AtomicLong();
  private volatile Failure failure = Failure.NONE;
  // Failures of single paths (with their query), before the one for every path.
  private final Map<String, Failure> pathFailures = new ConcurrentHashMap<>();
  private volatile boolean everyOther;
  private volatile Duration delay = Duration.ZERO;
  private volatile CompletableFuture<Done> gate =
      CompletableFuture.completedFuture(Done.getInstance());

  Switches(ArrivalLog arrivals) {
    this.arrivals = arrivals;
  }

  /** From now on, every answer fails this way (or every other one, when {@code everyOther}). */
  void fail(Failure mode, boolean everyOther) {
    this.everyOther = everyOther;
    this.failure = mode;
  }

  /** From now on, answers to {@code pathAndQuery} fail this way ({@link Failure#NONE} to heal). */
  void failPath(String pathAndQuery, Failure mode) {
    if (mode.atConnection()) {
      throw new IllegalArgumentException(
          mode.modeName() + " acts on connections, not on the answers to one path");
    }
    if (mode == Failure.NONE) {
      pathFailures.remove(pathAndQuery);
    } else {
      pathFailures.put(pathAndQuery, mode);
    }
  }

  void delay(Duration wait) {
    this.delay = wait;
  }

  Duration delay() {
    return delay;
  }

  ControllableUpstream.Gate hold() {
    CompletableFuture<Done> held = new CompletableFuture<>();
    this.gate = held;
    return () -> held.complete(Done.getInstance());
  }

  /** Lets held answers go, e.g. before a stop, so no request is left hanging. */
  void releaseHeld() {
    gate.complete(Done.getInstance());
  }

  void reset() {
    fail(Failure.NONE, false);
    pathFailures.clear();
    delay = Duration.ZERO;
    releaseHeld();
  }

  Route around(Route serving) {
    return extractActorSystem(
        system ->
            extractRequest(
                request -> {
                  String pathAndQuery = pathAndQuery(request);
                  arrivals.record(
                      pathAndQuery,
                      headerOrDash(request, "X-Request-Id"),
                      headerOrDash(request, "traceparent"));
                  // Read on arrival, so a test can flip them while earlier requests are held.
                  Failure onPath = pathFailures.get(pathAndQuery);
                  Failure mode = onPath != null ? onPath : answerFailure();
                  Duration wait = delay;
                  CompletionStage<Done> ready =
                      gate.thenCompose(
                          open ->
                              wait.isZero()
                                  ? CompletableFuture.completedFuture(open)
                                  : after(wait, system));
                  return onSuccess(ready, open -> answer(mode, serving));
                }));
  }

  private Failure answerFailure() {
    Failure mode = failure;
    if (mode.atConnection()) {
      return Failure.NONE;
    }
    // Every other answer fails: odd ones, counted from the switch on.
    if (everyOther && answered.incrementAndGet() % 2 == 0) {
      return Failure.NONE;
    }
    return mode;
  }

  private Route answer(Failure mode, Route serving) {
    return switch (mode) {
      case SERVER_ERROR ->
          complete(
              HttpResponse.create()
                  .withStatus(StatusCodes.INTERNAL_SERVER_ERROR)
                  .withEntity(Json.entity(Map.of("error", "boom"))));
      case MALFORMED_JSON ->
          complete(
              HttpResponse.create()
                  .withEntity(
                      HttpEntities.create(
                          ContentTypes.APPLICATION_JSON, "[{\"userId\": 1, \"id\"")));
      case WRONG_SHAPE ->
          complete(HttpResponse.create().withEntity(Json.entity(Map.of("unexpected", true))));
      case CONNECTION_RESET -> complete(resetMidBody());
      default -> serving;
    };
  }

  /**
   * Declares 1 KiB, sends its first bytes, then fails the body: Pekko then aborts the connection,
   * which the kernel reports to the client as a reset.
   */
  private static HttpResponse resetMidBody() {
    // Lazily, so the wait starts once the first bytes are out, however late the answer renders.
    Source<ByteString, ?> reset =
        Source.single(ByteString.emptyByteString())
            .delay(BEFORE_RESET, DelayOverflowStrategy.backpressure())
            .flatMapConcat(waited -> Source.<ByteString>failed(new DeliberateReset()));
    return HttpResponse.create()
        .withEntity(
            HttpEntities.create(
                ContentTypes.APPLICATION_JSON,
                1024,
                Source.single(PARTIAL_BODY).concatLazy(reset)));
  }

  private static CompletableFuture<Done> after(Duration wait, ClassicActorSystemProvider provider) {
    return StageBridge.completeOn(
        Patterns.after(wait, provider, () -> CompletableFuture.completedFuture(Done.getInstance())),
        StageBridge.SAME_THREAD);
  }

  private static String pathAndQuery(HttpRequest request) {
    return request.getUri().path() + request.getUri().rawQueryString().map(q -> "?" + q).orElse("");
  }

  private static String headerOrDash(HttpRequest request, String name) {
    return request.getHeader(name).map(h -> h.value()).orElse("-");
  }

  /** The failure behind {@link Failure#CONNECTION_RESET}; it is on purpose, so it has no stack. */
  private static final class DeliberateReset extends IOException {
    private static final long serialVersionUID = 1L;

    DeliberateReset() {
      super("connection reset on purpose");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
