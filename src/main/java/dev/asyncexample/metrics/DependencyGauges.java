package dev.asyncexample.metrics;

import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.http.DependencyCheck;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code async_example_dependency_up{dependency, backend}}: 1 while a dependency {@code /ready}
 * reports is up, 0 while it is down, NaN while it is off (a disabled cache), so alerts on {@code ==
 * 0} fire only for a dependency that is in use. The checks run before each scrape ({@link
 * #refresh()}), as {@code /ready} runs them.
 */
final class DependencyGauges {

  /** A check that has not answered in this long is reported down, as {@code /ready} does. */
  private static final Duration CHECK_BUDGET = Duration.ofSeconds(1);

  private record Watched(DependencyCheck check, AtomicReference<Double> value) {}

  private final List<Watched> watched;

  DependencyGauges(MeterRegistry registry, List<DependencyCheck> checks) {
    this.watched =
        checks.stream()
            .map(check -> new Watched(check, new AtomicReference<>(Double.NaN)))
            .toList();
    for (Watched w : watched) {
      Gauge.builder("async.example.dependency.up", w.value(), AtomicReference::get)
          .description("1 while a dependency is up, 0 while down, NaN while off (as /ready says)")
          .tag("dependency", w.check().name())
          .tag("backend", w.check().backend())
          .register(registry);
    }
  }

  /** Runs every check; completes (never fails) once all gauges hold their answers. */
  CompletionStage<Void> refresh() {
    return CompletableFuture.allOf(
        watched.stream().map(DependencyGauges::refresh).toArray(CompletableFuture[]::new));
  }

  private static CompletableFuture<Void> refresh(Watched w) {
    CompletionStage<DependencyCheck.State> stage;
    try {
      stage = w.check().check();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return StageBridge.completeOn(stage, StageBridge.SAME_THREAD)
        .thenApply(DependencyGauges::value)
        .completeOnTimeout(0.0, CHECK_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> 0.0)
        .thenAccept(w.value()::set);
  }

  private static double value(DependencyCheck.State state) {
    return switch (state.state()) {
      case "up" -> 1.0;
      case "down" -> 0.0;
      default -> Double.NaN;
    };
  }
}
