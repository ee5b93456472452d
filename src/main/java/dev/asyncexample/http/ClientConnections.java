package dev.asyncexample.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;

/**
 * The server's open client connections: how many there are (past three quarters of the limit, idle
 * ones are closed sooner, so a flood of idle sockets cannot lock out clients that send requests)
 * and closing all of them on shutdown.
 */
final class ClientConnections {

  private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private final int pressure;
  private volatile Duration closing;

  /** For a server that accepts at most {@code maxConnections} at once. */
  ClientConnections(int maxConnections) {
    this.pressure = Math.max(1, maxConnections - maxConnections / 4);
  }

  void opened(ClientConnection connection) {
    open.add(connection);
    count.incrementAndGet();
    // Read after adding: closeAll either sees this connection or is seen here.
    Duration grace = closing;
    if (grace != null) {
      connection.close(grace);
    }
  }

  void closed(ClientConnection connection) {
    if (open.remove(connection)) {
      count.decrementAndGet();
    }
  }

  int size() {
    return count.get();
  }

  /** So many connections are open that idle ones should make room. */
  boolean underPressure() {
    return count.get() >= pressure;
  }

  /**
   * Closes every connection, now if it is idle, else after the answer it is sending, cut off after
   * {@code grace}; completes when all are closed.
   */
  CompletionStage<Done> closeAll(Duration grace) {
    closing = grace;
    CompletableFuture<?>[] all =
        open.stream()
            .map(
                connection -> {
                  connection.close(grace);
                  return connection.whenClosed().toCompletableFuture();
                })
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(all).thenApply(unit -> Done.getInstance());
  }
}
