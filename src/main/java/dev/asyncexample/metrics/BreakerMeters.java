package dev.asyncexample.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Supplier;

/** {@code upstream_breaker_state{state}}: 1 for the state the upstream's breaker is in, else 0. */
public final class BreakerMeters {

  /** The states, as {@code state} tags and as the supplier passed to {@link #bind} names them. */
  public static final List<String> STATES = List.of("closed", "open", "half_open");

  private BreakerMeters() {}

  /**
   * Registers the gauges of one breaker.
   *
   * @param state the breaker's state now, one of {@link #STATES}
   */
  public static void bind(MeterRegistry registry, String clientName, Supplier<String> state) {
    for (String name : STATES) {
      Gauge.builder("upstream.breaker.state", state, now -> name.equals(now.get()) ? 1 : 0)
          .description("1 for the state the upstream's circuit breaker is in, else 0")
          .tag("client_name", clientName)
          .tag("state", name)
          // The gauge alone refers to the supplier; a weak reference would let it be collected.
          .strongReference(true)
          .register(registry);
    }
  }
}
