package dev.asyncexample.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What coalescing saves: upstream fetches started, and requests that joined a fetch already in
 * flight instead of starting their own; per scope ({@code node}: one node's coalescer, {@code
 * cluster}: the owner of a path across the nodes). Plus, in a cluster, the requests a node fetched
 * itself because the owner could not answer.
 */
public final class FetchMeters {

  private final Counter started;
  private final Counter joined;
  private final MeterRegistry registry;

  /**
   * The meters of one coalescing scope, registered at once.
   *
   * @param scope {@code node} or {@code cluster}
   */
  public FetchMeters(MeterRegistry registry, String scope) {
    this.registry = registry;
    this.started =
        Counter.builder("upstream.fetches.started")
            .description("Upstream fetches started by the coalescer")
            .tag("scope", scope)
            .register(registry);
    this.joined =
        Counter.builder("upstream.fetches.joined")
            .description("Requests that joined an upstream fetch already in flight")
            .tag("scope", scope)
            .register(registry);
  }

  public void started() {
    started.increment();
  }

  public void joined() {
    joined.increment();
  }

  /** Counts one request this node fetched itself because the path's owner could not answer. */
  public void fellBack(String reason) {
    // Off the common path (the owner answers), so looked up in the registry each time.
    Counter.builder("cluster.fetch.fallbacks")
        .description("Requests fetched on this node because the path's owner could not answer")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
