package dev.asyncexample.embedded;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The production {@link EmbeddedJsonPlaceholder}'s posts under control, for tests and for the fault
 * benchmark (through {@link ControlRoutes}): switches to make it fail, go down, flap, answer late
 * or hold answers, and a record of the requests that reached it.
 */
public final class ControllableUpstream implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final UpstreamListener listener;
  private final Switches switches;
  private final ArrivalLog arrivals;
  private final State state;

  private ControllableUpstream(
      ActorSystem<Void> system,
      UpstreamListener listener,
      Switches switches,
      ArrivalLog arrivals,
      State state) {
    this.system = system;
    this.listener = listener;
    this.switches = switches;
    this.arrivals = arrivals;
    this.state = state;
  }

  /** Starts one on {@code host:port} (0 for any free port) serving {@code posts} posts. */
  public static CompletionStage<ControllableUpstream> start(
      String host, int port, int posts, Config config) {
    return start(host, port, posts, Duration.ZERO, config);
  }

  /**
   * Like {@link #start(String, int, int, Config)}, each healthy answer sent {@code latency} after
   * its request arrived (a delay switched on comes on top).
   */
  public static CompletionStage<ControllableUpstream> start(
      String host, int port, int posts, Duration latency, Config config) {
    ArrivalLog arrivals = new ArrivalLog();
    Switches switches = new Switches(arrivals);
    State state = new State();
    ActorSystem<Void> system = EmbeddedJsonPlaceholder.newSystem(config);
    return UpstreamListener.bind(
            system,
            host,
            port,
            switches
                .around(new CatalogRoutes(new PostCatalog(posts), latency).route())
                .flow(system),
            () -> state.current)
        .handle(
            (listener, failure) -> {
              if (failure != null) {
                system.terminate();
                throw new IllegalStateException("cannot bind the controllable upstream", failure);
              }
              return new ControllableUpstream(system, listener, switches, arrivals, state);
            });
  }

  ActorSystem<Void> system() {
    return system;
  }

  /** For example {@code http://127.0.0.1:41234}, no trailing slash. */
  public String baseUrl() {
    return "http://" + listener.address().getHostString() + ":" + listener.address().getPort();
  }

  /**
   * From now on, every request fails this way ({@link Failure#NONE} to recover); waits until a
   * failure at the connection is in place, so call it from a thread that may block (a test's).
   */
  public void fail(Failure mode) {
    switchTo(mode).toCompletableFuture().join();
  }

  /** {@link #fail(Failure)} without waiting: completes once the failure is in place. */
  public CompletionStage<Done> switchTo(Failure mode) {
    synchronized (state) {
      stopFlapping();
      state.flapping = Optional.empty();
      return change(mode, false);
    }
  }

  /**
   * Alternates between healthy and {@code failing} (failing first) every {@code period}, as an
   * upstream that keeps crashing and restarting would; any other switch stops it.
   */
  public CompletionStage<Done> flap(Failure failing, Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    synchronized (state) {
      stopFlapping();
      state.flapping = Optional.of(new Flapping(failing, Optional.of(period)));
      state.flappingNow = failing;
      state.flapper =
          system
              .scheduler()
              .scheduleAtFixedRate(
                  period, period, () -> toggle(failing), system.executionContext());
      return change(failing, false);
    }
  }

  /**
   * Every other answer fails this way, the others are healthy, as behind a balancer with one bad
   * instance; only for failures of single answers.
   */
  public void flapEveryOtherAnswer(Failure failing) {
    if (failing.atConnection()) {
      throw new IllegalArgumentException(
          failing.modeName() + " acts on connections, not answers; flap it with a period");
    }
    synchronized (state) {
      stopFlapping();
      state.flapping = Optional.of(new Flapping(failing, Optional.empty()));
      var unused = change(failing, true);
    }
  }

  /**
   * From now on, answers to {@code pathAndQuery} (exactly, e.g. {@code /comments?postId=3}) fail
   * this way, whatever the other switches say; {@link Failure#NONE} heals it, as does {@link
   * #reset()}. Only for failures of single answers.
   */
  public void failPath(String pathAndQuery, Failure mode) {
    switches.failPath(pathAndQuery, mode);
  }

  /** From now on, every answer waits this long first. */
  public void delay(Duration wait) {
    switches.delay(wait);
  }

  /** What it is switched to now. */
  public Mode mode() {
    synchronized (state) {
      return new Mode(state.current, state.flapping, switches.delay(), arrivals.totalHits());
    }
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

  /**
   * The W3C {@code traceparent} headers received, oldest first (the last 1,000; absent ones as
   * "-"): what a traced caller propagated.
   */
  public List<String> traceparents() {
    return arrivals.traceparents();
  }

  /** The requests received, oldest first, with when each arrived (the last 1,000). */
  public List<Arrival> arrivals() {
    return arrivals.arrivals();
  }

  /** Completes once a request carrying {@code X-Request-Id: requestId} has arrived. */
  public CompletionStage<Done> awaitRequest(String requestId) {
    return arrivals.awaitRequest(requestId);
  }

  /** Back to a well-behaved upstream with no recorded hits; waits until it listens again. */
  public void reset() {
    fail(Failure.NONE);
    switches.reset();
    arrivals.clear();
  }

  public CompletionStage<Done> stop() {
    synchronized (state) {
      stopFlapping();
    }
    switches.releaseHeld();
    return listener
        .stopListening()
        .thenCompose(
            unbound -> {
              system.terminate();
              return system.getWhenTerminated();
            });
  }

  @Override
  public void close() {
    stop().toCompletableFuture().join();
  }

  private void toggle(Failure failing) {
    synchronized (state) {
      state.flappingNow = state.flappingNow == Failure.NONE ? failing : Failure.NONE;
      var unused = change(state.flappingNow, false);
    }
  }

  /** Queues the switch behind earlier ones, so listening stops and resumes in order. */
  private CompletionStage<Done> change(Failure next, boolean everyOther) {
    state.changes =
        state
            .changes
            .exceptionally(failed -> Done.getInstance())
            .thenCompose(previous -> apply(next, everyOther));
    return state.changes;
  }

  private CompletionStage<Done> apply(Failure next, boolean everyOther) {
    Failure previous;
    synchronized (state) {
      previous = state.current;
      state.current = next;
    }
    switches.fail(next, everyOther);
    if (previous == Failure.DOWN && next != Failure.DOWN) {
      return listener.listen();
    }
    if (next == Failure.DOWN && previous != Failure.DOWN) {
      return listener.stopListening();
    }
    if (next.atConnection() && next != previous) {
      // Connections kept alive from before would go on being served as they were.
      listener.dropConnections();
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  private void stopFlapping() {
    state.flapper.cancel();
    state.flapper = Cancellable.alreadyCancelled();
  }

  /**
   * Alternating healthy and {@code failing}: every {@code period}, or every other answer when it is
   * empty.
   */
  public record Flapping(Failure failing, Optional<Duration> period) {}

  /** A snapshot of the switches and of the requests received. */
  public record Mode(
      Failure failure, Optional<Flapping> flapping, Duration delay, int requestsReceived) {}

  /** The switches' state, guarded by itself. */
  private static final class State {
    private volatile Failure current = Failure.NONE;
    private Optional<Flapping> flapping = Optional.empty();
    private Failure flappingNow = Failure.NONE;
    private Cancellable flapper = Cancellable.alreadyCancelled();
    private CompletionStage<Done> changes = CompletableFuture.completedFuture(Done.getInstance());
  }
}
