package dev.asyncexample.embedded;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.asyncexample.config.InvalidSettingsException;
import java.time.Duration;

/**
 * Where the embedded upstream listens on its own, how many posts it serves, how late, and whether
 * (and where) a control endpoint lets a benchmark switch its failures.
 *
 * @param control whether the standalone upstream is a {@link ControllableUpstream} with a control
 *     endpoint on {@code controlPort}
 */
public record EmbeddedSettings(
    String host, int port, int posts, Duration latency, boolean control, int controlPort) {

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
    require(
        controlPort >= 0 && controlPort <= 65535,
        PREFIX + "control-port",
        "must be 0..65535",
        controlPort);
    require(
        !control || controlPort == 0 || controlPort != port,
        PREFIX + "control-port",
        "must differ from the upstream's port",
        controlPort);
  }

  public static EmbeddedSettings from(Config root) {
    try {
      return new EmbeddedSettings(
          root.getString(PREFIX + "host"),
          root.getInt(PREFIX + "port"),
          root.getInt(PREFIX + "posts"),
          root.getDuration(PREFIX + "latency"),
          root.getBoolean(PREFIX + "control"),
          root.getInt(PREFIX + "control-port"));
    } catch (ConfigException e) {
      throw new InvalidSettingsException(e.getMessage());
    }
  }
}
