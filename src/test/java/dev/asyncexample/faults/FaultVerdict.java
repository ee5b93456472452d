package dev.asyncexample.faults;

import dev.asyncexample.faults.RawHttp.Ending;
import dev.asyncexample.faults.SteadyLoad.Outcome;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The numbers bench/faults prints for one fault, from the requests sent since it began: what came
 * back, the slowest answer, 500s, requests never answered, and how long after the fault ended
 * requests kept failing.
 *
 * @param seen how many requests ended how: by status, or by how the connection ended
 * @param serverErrors answers with status 500
 * @param unanswered requests the server accepted but never answered in full (reset, closed early,
 *     or no answer within the client's timeout)
 * @param failedDuringFault requests started during the fault that were not healthy: proof that the
 *     fault was felt at all
 * @param recovery from the end of the fault to the end of the last unhealthy request started after
 *     it; empty when no healthy request followed that one
 */
record FaultVerdict(
    Map<String, Integer> seen,
    Duration maxLatency,
    int serverErrors,
    int unanswered,
    int failedDuringFault,
    Optional<Duration> recovery) {

  static FaultVerdict of(
      List<Outcome> outcomes, long faultStart, long faultEnd, Predicate<Outcome> healthy) {
    List<Outcome> since =
        outcomes.stream()
            .filter(o -> o.startNanos() >= faultStart)
            .sorted(Comparator.comparingLong(Outcome::startNanos))
            .toList();
    Map<String, Integer> seen = new TreeMap<>();
    since.forEach(o -> seen.merge(label(o), 1, Integer::sum));
    Duration max =
        since.stream().map(Outcome::latency).max(Duration::compareTo).orElse(Duration.ZERO);
    int serverErrors = (int) since.stream().filter(o -> o.status() == 500).count();
    int unanswered =
        (int)
            since.stream()
                .filter(o -> o.ending() != Ending.ANSWERED && o.ending() != Ending.REFUSED)
                .count();
    int failedDuringFault =
        (int) since.stream().filter(o -> o.startNanos() < faultEnd && !healthy.test(o)).count();
    return new FaultVerdict(
        seen, max, serverErrors, unanswered, failedDuringFault, recovery(since, faultEnd, healthy));
  }

  private static Optional<Duration> recovery(
      List<Outcome> since, long faultEnd, Predicate<Outcome> healthy) {
    List<Outcome> after = since.stream().filter(o -> o.startNanos() >= faultEnd).toList();
    Optional<Outcome> lastBad =
        after.stream().filter(healthy.negate()).max(Comparator.comparingLong(Outcome::endNanos));
    if (lastBad.isEmpty()) {
      return after.isEmpty() ? Optional.empty() : Optional.of(Duration.ZERO);
    }
    long badStart = lastBad.get().startNanos();
    boolean healthyAfter =
        after.stream().anyMatch(o -> o.startNanos() > badStart && healthy.test(o));
    return healthyAfter
        ? Optional.of(Duration.ofNanos(lastBad.get().endNanos() - faultEnd))
        : Optional.empty();
  }

  private static String label(Outcome outcome) {
    return outcome.ending() == Ending.ANSWERED
        ? Integer.toString(outcome.status())
        : outcome.ending().name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return "seen "
        + seen
        + ", max latency "
        + maxLatency.toMillis()
        + " ms, 500s "
        + serverErrors
        + ", unanswered "
        + unanswered
        + ", failed during the fault "
        + failedDuringFault
        + ", recovery "
        + recovery.map(r -> r.toMillis() + " ms").orElse("none");
  }
}
