package dev.asyncexample.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.stream.stage.AsyncCallback;

/**
 * What the stages of one client connection share: the byte-level {@link EdgeGuard} below Pekko's
 * server layer, the {@link ExchangeTracker} above it, and the server that closes them on shutdown.
 */
final class ClientConnection {

  private final InetSocketAddress remote;
  private final AtomicInteger exchanges = new AtomicInteger();
  private final CompletableFuture<Done> closed = new CompletableFuture<>();
  private volatile FramingViolation violation;
  private volatile int refusedRequest;
  private volatile AsyncCallback<Duration> guardClose;
  private volatile AsyncCallback<Duration> trackerClose;

  ClientConnection(InetSocketAddress remote) {
    this.remote = remote;
  }

  InetSocketAddress remote() {
    return remote;
  }

  /** The guard replaced request number {@code index} (from 1) with a refusal for {@code why}. */
  void refused(int index, FramingViolation why) {
    violation = why;
    refusedRequest = index;
  }

  /** Why request number {@code index} was refused, or null when it was not. */
  FramingViolation refusal(int index) {
    return index == refusedRequest ? violation : null;
  }

  /** A request went to the application. */
  void exchangeStarted() {
    exchanges.incrementAndGet();
  }

  /** Its answer has been sent in full (or will never be). */
  void exchangeFinished() {
    exchanges.decrementAndGet();
  }

  /** No request is being answered: the connection waits for the client. */
  boolean idle() {
    return exchanges.get() <= 0;
  }

  void guardStarted(AsyncCallback<Duration> close) {
    guardClose = close;
  }

  void trackerStarted(AsyncCallback<Duration> close) {
    trackerClose = close;
  }

  /** The HTTP layer's way to close after the answers in progress, once one was started. */
  AsyncCallback<Duration> trackerClose() {
    return trackerClose;
  }

  /** Closes the connection once its answer in progress (if any) is sent, within {@code grace}. */
  void close(Duration grace) {
    AsyncCallback<Duration> close = guardClose;
    if (close != null) {
      close.invoke(grace);
    }
  }

  void markClosed() {
    closed.complete(Done.getInstance());
  }

  CompletionStage<Done> whenClosed() {
    return closed;
  }
}
