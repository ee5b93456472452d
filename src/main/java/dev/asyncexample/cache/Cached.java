package dev.asyncexample.cache;

import java.time.Duration;
import java.util.function.Function;

/**
 * A value together with whether it came from the cache.
 *
 * @param age how long ago the value was fetched from the upstream (zero when just fetched)
 * @param freshFor how much longer it may be served from the cache without asking the upstream
 */
public record Cached<T>(T value, CacheOutcome outcome, Duration age, Duration freshFor) {

  /** A value just fetched, fresh for {@code freshFor}. */
  public static <T> Cached<T> fetched(T value, CacheOutcome outcome, Duration freshFor) {
    return new Cached<>(value, outcome, Duration.ZERO, freshFor);
  }

  /** The same outcome, with the value turned into another. */
  public <U> Cached<U> map(Function<? super T, ? extends U> change) {
    return new Cached<>(change.apply(value), outcome, age, freshFor);
  }
}
