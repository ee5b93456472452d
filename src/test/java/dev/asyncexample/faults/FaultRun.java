package dev.asyncexample.faults;

import dev.asyncexample.faults.SteadyLoad.Outcome;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * One fault under load: wait for healthy answers, switch the fault on, keep it on for a while,
 * switch it off, wait for healthy answers again (or give up), and judge what the load saw.
 */
final class FaultRun {

  /** A run of healthy answers this long means the server is healthy (again). */
  private static final int HEALTHY_RUN = 10;

  private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(20);

  private final SteadyLoad load;
  private final Predicate<Outcome> healthy;
  private long faultEnd;

  FaultRun(SteadyLoad load, Predicate<Outcome> healthy) {
    this.load = load;
    this.healthy = healthy;
  }

  /**
   * @param recoveryBudget how long after the fault to wait for health, at most, before judging
   */
  FaultVerdict measure(Runnable on, Duration faultFor, Runnable off, Duration recoveryBudget)
      throws InterruptedException {
    if (!awaitHealthySince(System.nanoTime(), WARM_UP_BUDGET)) {
      throw new IllegalStateException("no healthy run before the fault: " + recent());
    }
    long start = System.nanoTime();
    on.run();
    Thread.sleep(faultFor.toMillis());
    long end = System.nanoTime();
    faultEnd = end;
    off.run();
    awaitHealthySince(end, recoveryBudget);
    return FaultVerdict.of(load.outcomes(), start, end, healthy);
  }

  /** When the last measured fault was switched off ({@link System#nanoTime()}). */
  long faultEnd() {
    return faultEnd;
  }

  private boolean awaitHealthySince(long since, Duration budget) throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    while (System.nanoTime() < deadline) {
      List<Outcome> recent = recentSince(since);
      if (recent.size() >= HEALTHY_RUN
          && recent.subList(recent.size() - HEALTHY_RUN, recent.size()).stream()
              .allMatch(healthy)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private List<Outcome> recentSince(long since) {
    return load.outcomes().stream()
        .filter(o -> o.startNanos() >= since)
        .sorted(Comparator.comparingLong(Outcome::startNanos))
        .toList();
  }

  private String recent() {
    List<Outcome> all = recentSince(0);
    return all.subList(Math.max(0, all.size() - 5), all.size()).toString();
  }
}
