package dev.asyncexample.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/** Whether this instance should get traffic: only between a successful bind and shutdown. */
public final class Readiness {

  /** Life stages that matter to a load balancer. */
  public enum State {
    STARTING,
    READY,
    STOPPING
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private volatile CompletableFuture<?> gate = CompletableFuture.completedFuture(null);

  public State state() {
    return state.get();
  }

  /**
   * Holds {@link #ready()} back until {@code condition} has completed successfully (say, until a
   * cluster node is a member); one that fails keeps the instance unready. Call it before ready().
   */
  public void waitFor(CompletionStage<?> condition) {
    gate = condition.toCompletableFuture();
  }

  public void ready() {
    // Never back to READY once shutdown has begun.
    var unused = gate.thenRun(() -> state.compareAndSet(State.STARTING, State.READY));
  }

  public void stopping() {
    state.set(State.STOPPING);
  }
}
