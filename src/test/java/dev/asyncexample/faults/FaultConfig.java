package dev.asyncexample.faults;

/** Settings every fault test shares. */
final class FaultConfig {

  /**
   * Laid over the application's upstream settings in every fault test (HOCON). The upstream circuit
   * breaker keeps failing fast for its reset timeout after a fault ends, so its reset is set below
   * the 5 s recovery target; with the default 10 s every row that opens it would recover only after
   * the reset.
   */
  static final String UPSTREAM_RESILIENCE = "async-example.upstream.breaker.reset = 1s";

  private FaultConfig() {}
}
