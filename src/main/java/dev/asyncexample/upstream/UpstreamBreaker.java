package dev.asyncexample.upstream;

import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.http.DependencyCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.pattern.CircuitBreaker;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko's circuit breaker in front of one upstream: after {@code failures} consecutive failed calls
 * it opens, and calls fail at once with {@link UpstreamException.Kind#UNAVAILABLE} (503) until
 * {@code reset} has passed; then one trial call goes through, and its success closes it again.
 */
final class UpstreamBreaker implements DependencyCheck {

  private static final Logger log = LoggerFactory.getLogger(UpstreamBreaker.class);

  private final CircuitBreaker breaker;
  private final String backend;
  private final int failures;

  UpstreamBreaker(
      Scheduler scheduler, String backend, int failures, Duration reset, Duration callTimeout) {
    this.backend = backend;
    this.failures = failures;
    // The breaker's own call timeout only backs up ours: the call's deadline fails it first.
    this.breaker =
        CircuitBreaker.create(scheduler, failures, callTimeout.plusSeconds(1), reset)
            .addOnOpenListener(
                () ->
                    log.warn(
                        "Upstream {} failed {} times in a row: calls fail fast for {}",
                        backend,
                        failures,
                        reset))
            .addOnHalfOpenListener(() -> log.info("Upstream {}: trying one call", backend))
            .addOnCloseListener(() -> log.info("Upstream {} answers again", backend));
  }

  /**
   * Runs {@code call} unless the breaker is open.
   *
   * @param failed which answers count as failures, besides a failed stage
   */
  <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call, Predicate<T> failed) {
    CompletionStage<T> guarded =
        breaker.callWithCircuitBreakerCS(
            call::get,
            (answer, failure) ->
                failure.map(UpstreamBreaker::counts).orElse(false)
                    || answer.map(failed::test).orElse(false));
    // The breaker hands back Scala's adapter: continue through the bridge, never on it directly.
    return StageBridge.completeOn(guarded, StageBridge.SAME_THREAD)
        .handle(
            (answer, failure) -> {
              if (failure == null) {
                return answer;
              }
              Throwable cause = Failures.unwrap(failure);
              if (cause instanceof CircuitBreakerOpenException open) {
                throw new UpstreamException(
                    UpstreamException.Kind.UNAVAILABLE,
                    "Upstream unavailable",
                    null,
                    Duration.ofNanos(open.remainingDuration().toNanos()));
              }
              throw new CompletionException(cause);
            });
  }

  /**
   * Whether a failure says something about the upstream. Our own pool being full does not, and must
   * not open the breaker under a burst the upstream would have served.
   */
  private static boolean counts(Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    return !(cause instanceof UpstreamException known
        && known.kind() == UpstreamException.Kind.OVERLOADED);
  }

  /** {@code closed}, {@code open} or {@code half_open}, for the state gauge. */
  String state() {
    if (breaker.isClosed()) {
      return "closed";
    }
    return breaker.isHalfOpen() ? "half_open" : "open";
  }

  @Override
  public String name() {
    return "upstream";
  }

  @Override
  public String backend() {
    return backend;
  }

  /** Up while closed; down, with why, while open or trying a call. Never decides readiness. */
  @Override
  public CompletionStage<State> check() {
    State state;
    if (breaker.isClosed()) {
      state = State.up(backend);
    } else if (breaker.isHalfOpen()) {
      state = State.down(backend, "circuit breaker half-open: one trial call decides");
    } else {
      state =
          State.down(
              backend,
              "circuit breaker open after "
                  + failures
                  + " failures in a row; calls fail fast until a trial call succeeds");
    }
    return CompletableFuture.completedFuture(state);
  }
}
