package dev.asyncexample.faults;

/** Settings every fault test shares. */
final class FaultConfig {

  /**
   * Laid over the application's upstream settings in every fault test (HOCON). The upstream circuit
   * breaker, once it exists, keeps failing fast for its reset timeout after a fault ends; its reset
   * must be set here below the 5 s recovery target (e.g. 1s), or every row that opens it recovers
   * only after the reset.
   */
  static final String UPSTREAM_RESILIENCE = "";

  private FaultConfig() {}
}
