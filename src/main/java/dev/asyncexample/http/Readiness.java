package dev.asyncexample.http;

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

  public State state() {
    return state.get();
  }

  public void ready() {
    // Never back to READY once shutdown has begun.
    state.compareAndSet(State.STARTING, State.READY);
  }

  public void stopping() {
    state.set(State.STOPPING);
  }
}
