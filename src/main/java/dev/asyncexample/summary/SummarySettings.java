package dev.asyncexample.summary;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;

/**
 * How user summaries are fetched.
 *
 * @param parallelism how many of the user's posts have their comments fetched at once
 */
public record SummarySettings(int parallelism) {

  private static final String PREFIX = "async-example.summary.";

  public SummarySettings {
    require(
        parallelism > 0 && parallelism <= 256,
        PREFIX + "parallelism",
        "must be between 1 and 256",
        parallelism);
  }

  /** Reads {@code async-example.summary} from the root config, so errors name the full key. */
  public static SummarySettings from(Config root) {
    return new SummarySettings(root.getInt(PREFIX + "parallelism"));
  }
}
