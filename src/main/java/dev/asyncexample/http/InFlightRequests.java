package dev.asyncexample.http;

import dev.asyncexample.concurrent.StageBridge;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Counts the requests the server is answering, from arrival to the last byte of the response body,
 * so that shutdown can wait for them before closing connections, and so that {@link Admission} can
 * turn requests away past a limit.
 *
 * <p>Pekko's own {@code ServerBinding.terminate} aborts a connection whose response was produced
 * but not yet written (akka/akka-http#4060), truncating it. So shutdown drains first: once
 * draining, every response says {@code Connection: close}, which closes its connection cleanly
 * after the last byte, and {@link #drain()} completes when nothing is left in flight.
 */
public final class InFlightRequests {

  private final AtomicInteger count = new AtomicInteger();
  private final CompletableFuture<Done> drained = new CompletableFuture<>();
  private volatile boolean draining;

  /** Counts every request that reaches {@code inner}. */
  public Route track(Supplier<Route> inner) {
    return Directives.extractRequest(
        request -> {
          count.incrementAndGet();
          return counted(inner);
        });
  }

  /**
   * Counts a request that reaches {@code inner} while fewer than {@code limit} are in flight; past
   * it the request goes to {@code otherwise}, uncounted.
   */
  public Route trackBelow(int limit, Supplier<Route> inner, Supplier<Route> otherwise) {
    return Directives.extractRequest(
        request -> enterBelow(limit) ? counted(inner) : otherwise.get());
  }

  private Route counted(Supplier<Route> inner) {
    Place place = new Place();
    // The server's request timeout answers in our place; our own answer, if it comes, is dropped
    // unsent, so nothing would ever see its end.
    return Directives.withRequestTimeoutResponse(
        timedOut -> place.timedOut(),
        () -> Directives.mapResponse(response -> place.answered(response), inner));
  }

  /** From now on, closes each connection after its response; completes when none is in flight. */
  public CompletionStage<Done> drain() {
    draining = true;
    if (count.get() == 0) {
      drained.complete(Done.getInstance());
    }
    // Read-only: a caller's timeout on it must not complete our own future.
    return drained.minimalCompletionStage();
  }

  public int inFlight() {
    return count.get();
  }

  private boolean enterBelow(int limit) {
    while (true) {
      int now = count.get();
      if (now >= limit) {
        return false;
      }
      if (count.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /**
   * One counted request. Its place is given back once, by whichever comes first: the end of its
   * answer's body (sent, failed or cancelled, a client that left included), or the server's request
   * timeout having answered for it.
   */
  private final class Place {
    private final AtomicBoolean given = new AtomicBoolean();
    private volatile boolean timedOut;
    private volatile boolean answered;

    HttpResponse timedOut() {
      timedOut = true;
      // Written, then read, as answered() does the other way round: one of them sees both.
      if (answered) {
        giveBack();
      }
      return Problems.requestTimeout();
    }

    HttpResponse answered(HttpResponse response) {
      answered = true;
      if (timedOut) {
        giveBack();
        return response;
      }
      HttpResponse answer = draining ? response.addHeader(Connection.create("close")) : response;
      ResponseEntity entity = answer.entity();
      if (entity instanceof HttpEntity.Strict strict) {
        if (!draining || strict.getData().isEmpty()) {
          giveBack();
          return answer;
        }
        // While draining, a whole body counts until the server has taken its bytes, not merely
        // until it exists, so the drain cannot end while the answer is still waiting to be written.
        entity =
            HttpEntities.create(
                strict.getContentType(), strict.getData().size(), Source.single(strict.getData()));
      }
      // A streamed body is in flight until its stream ends, however it ends.
      Source<ByteString, Object> watched =
          entity
              .getDataBytes()
              .watchTermination(
                  (materialized, done) -> {
                    // Through the bridge: a callback on Pekko's own stage would start a thread.
                    var unused =
                        StageBridge.completeOn(done, StageBridge.SAME_THREAD)
                            .whenComplete((ok, failure) -> giveBack());
                    return materialized;
                  });
      ResponseEntity rebuilt =
          entity.getContentLengthOption().isPresent()
              ? HttpEntities.create(
                  entity.getContentType(), entity.getContentLengthOption().getAsLong(), watched)
              : HttpEntities.createChunked(entity.getContentType(), watched);
      return answer.withEntity(rebuilt);
    }

    private void giveBack() {
      if (given.compareAndSet(false, true)) {
        finished();
      }
    }
  }

  private void finished() {
    // Decrement first, then look: drain() sets the flag first, then looks. Either way one of them
    // sees both the zero and the flag, so the drain is never missed.
    if (count.decrementAndGet() == 0 && draining) {
      drained.complete(Done.getInstance());
    }
  }
}
