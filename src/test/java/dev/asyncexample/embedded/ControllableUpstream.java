package dev.asyncexample.embedded;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The production {@link EmbeddedJsonPlaceholder} under a test's control: switches to make it fail,
 * answer late or hold answers, and a record of the requests that reached it.
 */
public final class ControllableUpstream implements AutoCloseable {

  private final EmbeddedJsonPlaceholder server;
  private final Switches switches;
  private final ArrivalLog arrivals;

  private ControllableUpstream(
      EmbeddedJsonPlaceholder server, Switches switches, ArrivalLog arrivals) {
    this.server = server;
    this.switches = switches;
    this.arrivals = arrivals;
  }

  /** Starts one on {@code host:port} (0 for any free port) serving {@code posts} posts. */
  public static CompletionStage<ControllableUpstream> start(
      String host, int port, int posts, Config config) {
    ArrivalLog arrivals = new ArrivalLog();
    Switches switches = new Switches(arrivals);
    return EmbeddedJsonPlaceholder.start(host, port, posts, Duration.ZERO, config, switches::around)
        .thenApply(server -> new ControllableUpstream(server, switches, arrivals));
  }

  /** For example {@code http://127.0.0.1:41234}, no trailing slash. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** From now on, every request fails this way ({@link Failure#NONE} to recover). */
  public void fail(Failure mode) {
    switches.fail(mode);
  }

  /** From now on, every answer waits this long first. */
  public void delay(Duration wait) {
    switches.delay(wait);
  }

  /**
   * Holds every answer (already received requests too) until the returned gate is released; lets a
   * test keep requests in flight without sleeping.
   */
  public Gate hold() {
    return switches.hold();
  }

  /** Opens a held gate. */
  @FunctionalInterface
  public interface Gate {
    void release();
  }

  /** Requests received for a path with its query, e.g. {@code /posts?userId=1}. */
  public int hits(String pathAndQuery) {
    return arrivals.hits(pathAndQuery);
  }

  public int totalHits() {
    return arrivals.totalHits();
  }

  /** Completes once at least {@code count} requests have been received in total. */
  public CompletionStage<Integer> awaitHits(int count) {
    return arrivals.awaitHits(count);
  }

  /** The {@code X-Request-Id}s received, oldest first (the last 1,000; absent ones as "-"). */
  public List<String> requestIds() {
    return arrivals.requestIds();
  }

  /** Completes once a request carrying {@code X-Request-Id: requestId} has arrived. */
  public CompletionStage<Done> awaitRequest(String requestId) {
    return arrivals.awaitRequest(requestId);
  }

  /** Back to a well-behaved upstream with no recorded hits. */
  public void reset() {
    switches.reset();
    arrivals.clear();
  }

  public CompletionStage<Done> stop() {
    switches.releaseHeld();
    return server.stop();
  }

  @Override
  public void close() {
    stop().toCompletableFuture().join();
  }
}
