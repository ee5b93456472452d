package dev.asyncexample.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.PoolMetrics;
import java.util.function.ToIntFunction;

/**
 * An R2DBC pool's state under the names Spring Boot's r2dbc-pool binder gives it ({@code
 * r2dbc_pool_acquired_connections{name}} and the like), since r2dbc-pool ships no binder itself.
 */
final class PoolMeters {

  private PoolMeters() {}

  static void bind(MeterRegistry registry, String name, PoolMetrics pool) {
    gauge(registry, name, pool, "acquired", PoolMetrics::acquiredSize, "Connections in use");
    gauge(
        registry,
        name,
        pool,
        "allocated",
        PoolMetrics::allocatedSize,
        "Connections open, in use or idle");
    gauge(registry, name, pool, "idle", PoolMetrics::idleSize, "Connections open and idle");
    gauge(
        registry,
        name,
        pool,
        "pending",
        PoolMetrics::pendingAcquireSize,
        "Queries waiting for a connection");
    gauge(
        registry,
        name,
        pool,
        "max.allocated",
        PoolMetrics::getMaxAllocatedSize,
        "Connections the pool opens at most");
    gauge(
        registry,
        name,
        pool,
        "max.pending",
        PoolMetrics::getMaxPendingAcquireSize,
        "Queries that may wait for a connection at most");
  }

  private static void gauge(
      MeterRegistry registry,
      String name,
      PoolMetrics pool,
      String key,
      ToIntFunction<PoolMetrics> value,
      String description) {
    Gauge.builder("r2dbc.pool." + key, pool, p -> value.applyAsInt(p))
        .description(description)
        .tag("name", name)
        .baseUnit("connections")
        .register(registry);
  }
}
