package dev.asyncexample.embedded;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.asyncexample.config.InvalidSettingsException;
import java.time.Duration;

/** Where the embedded upstream listens on its own, how many posts it serves, and how late. */
public record EmbeddedSettings(String host, int port, int posts, Duration latency) {

  private static final String PREFIX = "async-example.embedded-upstream.";

  /**
   * Well under pekko.http.server.request-timeout (30s), which would otherwise answer 503 before the
   * latency is over.
   */
  private static final Duration MAX_LATENCY = Duration.ofSeconds(10);

  public EmbeddedSettings {
    require(port >= 0 && port <= 65535, PREFIX + "port", "must be 0..65535", port);
    require(posts >= 0, PREFIX + "posts", "must not be negative", posts);
    require(
        !latency.isNegative() && latency.compareTo(MAX_LATENCY) <= 0,
        PREFIX + "latency",
        "must be 0s..10s",
        latency);
  }

  public static EmbeddedSettings from(Config root) {
    try {
      return new EmbeddedSettings(
          root.getString(PREFIX + "host"),
          root.getInt(PREFIX + "port"),
          root.getInt(PREFIX + "posts"),
          root.getDuration(PREFIX + "latency"));
    } catch (ConfigException e) {
      throw new InvalidSettingsException(e.getMessage());
    }
  }
}
