package dev.asyncexample.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cache's meters in Micrometer's cache names ({@code cache_gets_total{result="hit|miss"}},
 * {@code cache_puts_total}, {@code cache_evictions_total}, {@code cache_size}), tagged with the
 * backend as {@code cache}, plus its errors and the stale answers served from it.
 */
public final class CacheMeters {

  private final Counter hits;
  private final Counter misses;
  private final Counter puts;
  private final Counter evictions;
  private final Counter getFailures;
  private final Counter getTimeouts;
  private final Counter putFailures;
  private final Counter staleAnswers;
  private final MeterRegistry registry;
  private final String cache;
  private final AtomicInteger size = new AtomicInteger();

  /**
   * The meters of one cache, registered at once so they show before its first use.
   *
   * @param cache the backend, such as {@code in-process} or {@code redis}
   */
  public CacheMeters(MeterRegistry registry, String cache) {
    this.registry = registry;
    this.cache = cache;
    this.hits = gets("hit");
    this.misses = gets("miss");
    this.puts =
        Counter.builder("cache.puts")
            .description("Answers handed to the cache to keep")
            .tag("cache", cache)
            .register(registry);
    this.evictions =
        Counter.builder("cache.evictions")
            .description("Entries dropped to make room (least recently used first)")
            .tag("cache", cache)
            .register(registry);
    this.getFailures = errors("get", "failure");
    this.getTimeouts = errors("get", "timeout");
    this.putFailures = errors("put", "failure");
    this.staleAnswers =
        Counter.builder("cache.stale.answers")
            .description("Expired answers served because refreshing them failed (stale-if-error)")
            .tag("cache", cache)
            .register(registry);
  }

  private Counter gets(String result) {
    return Counter.builder("cache.gets")
        .description("Lookups: hit when a fresh answer was served from the cache, else miss")
        .tag("cache", cache)
        .tag("result", result)
        .register(registry);
  }

  private Counter errors(String operation, String kind) {
    return Counter.builder("cache.errors")
        .description("Cache operations that failed or outlasted the cache timeout")
        .tag("cache", cache)
        .tag("operation", operation)
        .tag("kind", kind)
        .register(registry);
  }

  /** Adds {@code cache_size}, for a backend that knows how many entries it holds. */
  public CacheMeters withSize() {
    Gauge.builder("cache.size", size, AtomicInteger::get)
        .description("Entries held, expired ones not yet dropped included")
        .tag("cache", cache)
        .register(registry);
    return this;
  }

  public void hit() {
    hits.increment();
  }

  public void miss() {
    misses.increment();
  }

  public void put() {
    puts.increment();
  }

  public void putFailed() {
    putFailures.increment();
  }

  public void getFailed() {
    getFailures.increment();
  }

  public void getTimedOut() {
    getTimeouts.increment();
  }

  public void evicted() {
    evictions.increment();
  }

  public void staleServed() {
    staleAnswers.increment();
  }

  /** The number of entries held now (for {@link #withSize()}). */
  public void size(int entries) {
    size.set(entries);
  }
}
