package dev.asyncexample.http;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Where the API listens, how long it drains on shutdown, what it allows a client at the edge, and
 * how many requests it works on at once.
 */
public record HttpSettings(
    String host,
    int port,
    Duration unreadyDelay,
    Duration shutdownDeadline,
    EdgeLimits edge,
    int maxInFlight) {

  private static final String PREFIX = "async-example.http.";

  /** Both waits must fit the phase timeouts set in application.conf (35s). */
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);

  public HttpSettings {
    require(!host.isBlank(), PREFIX + "host", "must not be empty", "\"" + host + "\"");
    require(port >= 0 && port <= 65535, PREFIX + "port", "must be 0..65535", port);
    require(
        !unreadyDelay.isNegative() && unreadyDelay.compareTo(MAX_WAIT) <= 0,
        PREFIX + "unready-delay",
        "must be 0s..30s",
        unreadyDelay);
    require(
        !shutdownDeadline.isNegative()
            && !shutdownDeadline.isZero()
            && shutdownDeadline.compareTo(MAX_WAIT) <= 0,
        PREFIX + "shutdown-deadline",
        "must be more than 0s and at most 30s",
        shutdownDeadline);
    require(
        maxInFlight >= 1 && maxInFlight <= 1_000_000,
        PREFIX + "max-in-flight",
        "must be 1..1000000",
        maxInFlight);
  }

  /** Reads {@code async-example.http} from the root config, so errors name the full key. */
  public static HttpSettings from(Config root) {
    return new HttpSettings(
        root.getString(PREFIX + "host"),
        root.getInt(PREFIX + "port"),
        root.getDuration(PREFIX + "unready-delay"),
        root.getDuration(PREFIX + "shutdown-deadline"),
        EdgeLimits.from(root),
        root.getInt(PREFIX + "max-in-flight"));
  }
}
