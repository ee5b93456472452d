package dev.asyncexample.http;

import dev.asyncexample.concurrent.StageBridge;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
          return Directives.mapResponse(this::counted, inner);
        });
  }

  /**
   * Counts a request that reaches {@code inner} while fewer than {@code limit} are in flight; past
   * it the request goes to {@code otherwise}, uncounted.
   */
  public Route trackBelow(int limit, Supplier<Route> inner, Supplier<Route> otherwise) {
    return Directives.extractRequest(
        request ->
            enterBelow(limit) ? Directives.mapResponse(this::counted, inner) : otherwise.get());
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

  private HttpResponse counted(HttpResponse response) {
    HttpResponse answered = draining ? response.addHeader(Connection.create("close")) : response;
    ResponseEntity entity = answered.entity();
    if (entity instanceof HttpEntity.Strict strict) {
      if (!draining || strict.getData().isEmpty()) {
        finished();
        return answered;
      }
      // While draining, a whole body counts until the server has taken its bytes, not merely
      // until it exists, so the drain cannot end while the answer is still waiting to be written.
      entity =
          HttpEntities.create(
              strict.getContentType(), strict.getData().size(), Source.single(strict.getData()));
    }
    // A streamed body is in flight until its stream ends, however it ends. One that is never run
    // (the client left first) is bounded by the shutdown deadline instead.
    Source<ByteString, Object> watched =
        entity
            .getDataBytes()
            .watchTermination(
                (materialized, done) -> {
                  // Through the bridge: a callback on Pekko's own stage would start a thread.
                  var unused =
                      StageBridge.completeOn(done, StageBridge.SAME_THREAD)
                          .whenComplete((ok, failure) -> finished());
                  return materialized;
                });
    ResponseEntity rebuilt =
        entity.getContentLengthOption().isPresent()
            ? HttpEntities.create(
                entity.getContentType(), entity.getContentLengthOption().getAsLong(), watched)
            : HttpEntities.createChunked(entity.getContentType(), watched);
    return answered.withEntity(rebuilt);
  }

  private void finished() {
    // Decrement first, then look: drain() sets the flag first, then looks. Either way one of them
    // sees both the zero and the flag, so the drain is never missed.
    if (count.decrementAndGet() == 0 && draining) {
      drained.complete(Done.getInstance());
    }
  }
}
