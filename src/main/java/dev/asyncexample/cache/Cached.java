package dev.asyncexample.cache;

import java.util.function.Function;

/** A value together with whether it came from the cache. */
public record Cached<T>(T value, CacheOutcome outcome) {

  /** The same outcome, with the value turned into another. */
  public <U> Cached<U> map(Function<? super T, ? extends U> change) {
    return new Cached<>(change.apply(value), outcome);
  }
}
