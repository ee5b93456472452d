package dev.asyncexample.http;

import dev.asyncexample.concurrent.StageBridge;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link DependencyCheck} for {@code /ready}, at most one at a time. A check that does not
 * answer within the budget is reported down; while it stays unanswered (a frozen Redis, say), later
 * calls report it down at once instead of waiting out the budget again, so {@code /ready} keeps
 * answering within a load balancer's probe timeout whatever a dependency does.
 */
final class DependencyProbe {

  private static final Logger log = LoggerFactory.getLogger(DependencyProbe.class);

  private final DependencyCheck check;
  private final Duration budget;
  private final Object lock = new Object();
  private CompletableFuture<DependencyCheck.State> running;
  private long startedNanos;

  DependencyProbe(DependencyCheck check, Duration budget) {
    this.check = check;
    this.budget = budget;
  }

  String name() {
    return check.name();
  }

  /** The dependency's state, within the budget; never fails. */
  CompletableFuture<DependencyCheck.State> state() {
    CompletableFuture<DependencyCheck.State> probe;
    long waitedNanos;
    synchronized (lock) {
      if (running == null || running.isDone()) {
        running = start();
        startedNanos = System.nanoTime();
      }
      probe = running;
      waitedNanos = System.nanoTime() - startedNanos;
    }
    long leftNanos = budget.toNanos() - waitedNanos;
    if (leftNanos <= 0) {
      return CompletableFuture.completedFuture(unanswered(waitedNanos));
    }
    return probe
        .copy()
        .completeOnTimeout(unanswered(budget.toNanos()), leftNanos, TimeUnit.NANOSECONDS);
  }

  private CompletableFuture<DependencyCheck.State> start() {
    CompletionStage<DependencyCheck.State> stage;
    try {
      stage = check.check();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return StageBridge.completeOn(stage, StageBridge.SAME_THREAD)
        .toCompletableFuture()
        .exceptionally(
            failure -> {
              log.debug("The {} check failed", check.name(), failure);
              return DependencyCheck.State.down(check.backend(), "the check failed");
            });
  }

  private DependencyCheck.State unanswered(long forNanos) {
    return DependencyCheck.State.down(
        check.backend(), "no answer for " + TimeUnit.NANOSECONDS.toMillis(forNanos) + " ms");
  }
}
