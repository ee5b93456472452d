package dev.asyncexample.http;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How long and how much a client may take to send a request before the server gives up on it.
 *
 * @param headerTimeout time for a whole request head, counted from the connection's start (first
 *     request) or from the head's first byte (later requests)
 * @param bodyTimeout time the server may spend waiting for a body's bytes, extended by one second
 *     for every {@code bodyMinRate} bytes received
 * @param bodyMinRate bytes per second that earn a slow body more time
 * @param keepAliveTimeout how long a connection may sit idle between requests
 * @param maxHeadSize largest request head (request line and headers) in bytes
 */
public record EdgeLimits(
    Duration headerTimeout,
    Duration bodyTimeout,
    long bodyMinRate,
    Duration keepAliveTimeout,
    int maxHeadSize) {

  private static final String PREFIX = "async-example.http.";

  public EdgeLimits {
    requireBetween(headerTimeout, "header-timeout", Duration.ofMillis(100), Duration.ofMinutes(5));
    requireBetween(bodyTimeout, "body-timeout", Duration.ofMillis(100), Duration.ofMinutes(10));
    requireBetween(
        keepAliveTimeout, "keep-alive-timeout", Duration.ofMillis(100), Duration.ofHours(1));
    require(
        bodyMinRate >= 1 && bodyMinRate <= 1_000_000_000L,
        PREFIX + "body-min-rate",
        "must be 1..1000000000 bytes per second",
        bodyMinRate);
    require(
        maxHeadSize >= 1024 && maxHeadSize <= 1024 * 1024,
        PREFIX + "max-head-size",
        "must be 1k..1m",
        maxHeadSize);
  }

  /** Reads them from {@code async-example.http} of the root config. */
  public static EdgeLimits from(Config root) {
    return new EdgeLimits(
        root.getDuration(PREFIX + "header-timeout"),
        root.getDuration(PREFIX + "body-timeout"),
        root.getLong(PREFIX + "body-min-rate"),
        root.getDuration(PREFIX + "keep-alive-timeout"),
        (int) Math.min(Integer.MAX_VALUE, root.getBytes(PREFIX + "max-head-size")));
  }

  private static void requireBetween(Duration value, String key, Duration min, Duration max) {
    require(
        value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
        PREFIX + key,
        "must be " + min.toMillis() + "ms.." + max.toSeconds() + "s",
        value);
  }
}
