package dev.asyncexample.metrics;

import com.typesafe.config.Config;

/**
 * Whether the application records metrics and serves them at {@code /metrics}.
 *
 * @param enabled off: nothing is recorded and {@code /metrics} is not served (for measuring what
 *     recording costs)
 */
public record MetricsSettings(boolean enabled) {

  /** Reads {@code async-example.metrics} from the root config, so errors name the full key. */
  public static MetricsSettings from(Config root) {
    return new MetricsSettings(root.getBoolean("async-example.metrics.enabled"));
  }
}
