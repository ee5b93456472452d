package dev.asyncexample.cache;

import java.util.Optional;

/** Whether an answer came from the cache, as the {@code X-Cache} response header says it. */
public enum CacheOutcome {
  /** Served from the cache. */
  HIT,
  /** Fetched from the upstream: not cached, expired, skipped, or the cache did not answer. */
  MISS,
  /** Served from the cache past its TTL, because refreshing it failed (stale-if-error). */
  STALE,
  /** The cache is disabled: nothing was looked up, and no header is sent. */
  NOT_CACHED;

  /** The value of the {@code X-Cache} header, if there is one. */
  public Optional<String> header() {
    return this == NOT_CACHED ? Optional.empty() : Optional.of(name());
  }
}
