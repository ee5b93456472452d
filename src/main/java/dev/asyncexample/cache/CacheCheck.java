package dev.asyncexample.cache;

import dev.asyncexample.http.DependencyCheck;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The cache's line in {@code /ready}: up, down (with why), or off when disabled. */
final class CacheCheck implements DependencyCheck {

  private final String backendName;
  private final CacheBackend backend;

  /**
   * @param backend null when the cache is disabled
   */
  CacheCheck(String backendName, CacheBackend backend) {
    this.backendName = backendName;
    this.backend = backend;
  }

  @Override
  public String name() {
    return "cache";
  }

  @Override
  public String backend() {
    return backendName;
  }

  @Override
  public CompletionStage<State> check() {
    if (backend == null) {
      return CompletableFuture.completedFuture(new State(backendName, "off", null));
    }
    return backend.state();
  }
}
