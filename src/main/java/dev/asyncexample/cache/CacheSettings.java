package dev.asyncexample.cache;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * The read-through cache of upstream answers: on or off, where it lives, and how long it keeps
 * them.
 *
 * @param redisUrl a {@code redis://} or {@code rediss://} URL, or empty for the in-process cache
 * @param keyPrefix put before every key, so several applications (or tests) can share one Redis
 * @param ttl how long a 2xx answer is served from the cache
 * @param notFoundTtl how long an upstream 404 is served from the cache
 * @param timeout the longest a request waits for the cache before it asks the upstream
 * @param maxEntries the in-process cache's capacity; the least recently used entry goes first
 * @param staleIfError how long past its TTL an answer is kept, to be served when a refresh fails
 */
public record CacheSettings(
    boolean enabled,
    String redisUrl,
    String keyPrefix,
    Duration ttl,
    Duration notFoundTtl,
    Duration timeout,
    int maxEntries,
    Duration staleIfError) {

  private static final String PREFIX = "async-example.cache.";

  public CacheSettings {
    redisUrl = redisUrl.strip();
    require(
        redisUrl.isEmpty() || isRedisUrl(redisUrl),
        PREFIX + "redis-url",
        "must be a redis:// or rediss:// URL, or empty for the in-process cache",
        "\"" + withoutPassword(redisUrl) + "\"");
    require(!keyPrefix.isEmpty(), PREFIX + "key-prefix", "must not be empty", "\"\"");
    require(positive(ttl), PREFIX + "ttl", "must be positive", ttl);
    require(positive(notFoundTtl), PREFIX + "not-found-ttl", "must be positive", notFoundTtl);
    require(positive(timeout), PREFIX + "timeout", "must be positive", timeout);
    require(maxEntries > 0, PREFIX + "max-entries", "must be positive", maxEntries);
    require(
        !staleIfError.isNegative(),
        PREFIX + "stale-if-error",
        "must not be negative",
        staleIfError);
  }

  /** Settings that keep nothing past its TTL (tests of plain expiry). */
  public CacheSettings(
      boolean enabled,
      String redisUrl,
      String keyPrefix,
      Duration ttl,
      Duration notFoundTtl,
      Duration timeout,
      int maxEntries) {
    this(enabled, redisUrl, keyPrefix, ttl, notFoundTtl, timeout, maxEntries, Duration.ZERO);
  }

  /** Reads {@code async-example.cache} from the root config, so errors name the full key. */
  public static CacheSettings from(Config root) {
    return new CacheSettings(
        root.getBoolean(PREFIX + "enabled"),
        root.getString(PREFIX + "redis-url"),
        root.getString(PREFIX + "key-prefix"),
        root.getDuration(PREFIX + "ttl"),
        root.getDuration(PREFIX + "not-found-ttl"),
        root.getDuration(PREFIX + "timeout"),
        root.getInt(PREFIX + "max-entries"),
        root.getDuration(PREFIX + "stale-if-error"));
  }

  /** Whether the cache lives in Redis rather than in this process. */
  public boolean redis() {
    return !redisUrl.isEmpty();
  }

  /** What serves the cache: {@code redis}, {@code in-process} or {@code disabled}. */
  public String backend() {
    if (!enabled) {
      return "disabled";
    }
    return redis() ? "redis" : "in-process";
  }

  /** The URL as it may be logged: any user and password replaced. */
  public static String withoutPassword(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static boolean isRedisUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("redis") || scheme.equals("rediss")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
