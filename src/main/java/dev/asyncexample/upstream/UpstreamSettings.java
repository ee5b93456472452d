package dev.asyncexample.upstream;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The upstream to wrap and the per-call budget.
 *
 * @param baseUrl an http(s) URL without a trailing slash, or {@value #EMBEDDED}
 * @param breakerFailures consecutive failed calls that open the circuit breaker
 * @param breakerReset how long the breaker stays open before one trial call goes through
 */
public record UpstreamSettings(
    String baseUrl,
    Duration timeout,
    long maxResponseBytes,
    int breakerFailures,
    Duration breakerReset) {

  /** The base-url value that starts the project's own JSONPlaceholder in this JVM. */
  public static final String EMBEDDED = "embedded";

  private static final String PREFIX = "async-example.upstream.";

  public UpstreamSettings {
    baseUrl = baseUrl.strip();
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    require(
        baseUrl.equals(EMBEDDED) || isHttpUrl(baseUrl),
        PREFIX + "base-url",
        "must be an http(s) URL or \"embedded\"",
        "\"" + baseUrl + "\"");
    require(
        !timeout.isNegative() && !timeout.isZero(),
        PREFIX + "timeout",
        "must be positive",
        timeout);
    require(
        maxResponseBytes > 0, PREFIX + "max-response-size", "must be positive", maxResponseBytes);
    require(
        breakerFailures >= 1 && breakerFailures <= 1000,
        PREFIX + "breaker.failures",
        "must be 1..1000",
        breakerFailures);
    require(
        breakerReset.compareTo(Duration.ofMillis(100)) >= 0
            && breakerReset.compareTo(Duration.ofMinutes(10)) <= 0,
        PREFIX + "breaker.reset",
        "must be 100ms..10m",
        breakerReset);
  }

  /** Settings with the default breaker (5 failures, 10 s), for callers that do not tune it. */
  public UpstreamSettings(String baseUrl, Duration timeout, long maxResponseBytes) {
    this(baseUrl, timeout, maxResponseBytes, 5, Duration.ofSeconds(10));
  }

  /** Reads {@code async-example.upstream} from the root config, so errors name the full key. */
  public static UpstreamSettings from(Config root) {
    return new UpstreamSettings(
        root.getString(PREFIX + "base-url"),
        root.getDuration(PREFIX + "timeout"),
        root.getBytes(PREFIX + "max-response-size"),
        root.getInt(PREFIX + "breaker.failures"),
        root.getDuration(PREFIX + "breaker.reset"));
  }

  public boolean embedded() {
    return baseUrl.equals(EMBEDDED);
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getQuery() == null
          && uri.getFragment() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
