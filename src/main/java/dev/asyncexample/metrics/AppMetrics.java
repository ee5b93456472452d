package dev.asyncexample.metrics;

import dev.asyncexample.http.DependencyCheck;
import dev.asyncexample.http.ExchangeObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.r2dbc.pool.PoolMetrics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's metrics: one Prometheus registry per application, the JVM's meters in it, the
 * edge's request meter, and {@code GET /metrics}. Features record into {@link #registry()}; with
 * metrics off it is a registry that keeps nothing, and there is no {@code /metrics}.
 */
public final class AppMetrics {

  private static final Logger log = LoggerFactory.getLogger(AppMetrics.class);

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final ExchangeObserver exchanges;
  private final List<Supplier<CompletionStage<Void>>> beforeScrape = new CopyOnWriteArrayList<>();

  private AppMetrics(PrometheusMeterRegistry prometheus) {
    this.prometheus = prometheus;
    this.registry = prometheus == null ? discarding() : prometheus;
    this.exchanges = prometheus == null ? ExchangeObserver.NONE : new ServerRequests(prometheus);
  }

  /**
   * The metrics of the application running in {@code system}; the JVM meters let go of the JVM when
   * it stops. Pekko Management's {@code /metrics} serves these once {@link #watchCluster} is
   * called.
   */
  public static AppMetrics create(ActorSystem<?> system, MetricsSettings settings) {
    if (!settings.enabled()) {
      log.info("Metrics: off");
      return new AppMetrics(null);
    }
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JvmMeters jvm = new JvmMeters(prometheus);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-metrics",
            () -> {
              jvm.close();
              prometheus.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return new AppMetrics(prometheus);
  }

  /** A registry whose meters record nothing: for metrics off, and for tests that ignore them. */
  public static MeterRegistry discarding() {
    SimpleMeterRegistry nothing = new SimpleMeterRegistry();
    nothing.config().meterFilter(MeterFilter.deny());
    return nothing;
  }

  /** Where features register their meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** What the edge tells of every answered request: {@code http_server_requests_seconds}. */
  public ExchangeObserver exchanges() {
    return exchanges;
  }

  /** {@code GET /metrics}; with metrics off, a route that matches nothing. */
  public Route route() {
    return prometheus == null
        ? Directives.reject()
        : new MetricsRoutes(prometheus, beforeScrape).route();
  }

  /** The scrape for a route matched elsewhere (Pekko Management), or empty with metrics off. */
  Route scrapeRoute() {
    return prometheus == null
        ? Directives.reject()
        : Directives.extractRequest(new MetricsRoutes(prometheus, beforeScrape)::scrape);
  }

  /**
   * Reports {@code checks} (what {@code /ready} reports) as {@code async_example_dependency_up}.
   */
  public void watch(List<DependencyCheck> checks) {
    DependencyGauges gauges = new DependencyGauges(registry, checks);
    beforeScrape.add(gauges::refresh);
  }

  /** Reports an R2DBC pool as {@code r2dbc_pool_*_connections{name}}. */
  public void watchPool(String name, PoolMetrics pool) {
    PoolMeters.bind(registry, name, pool);
  }

  /** Reports the cluster's members, and this node's shards and entities of {@code type}. */
  public void watchCluster(ActorSystem<?> system, EntityTypeKey<?> type) {
    ClusterMeters cluster = ClusterMeters.bind(registry, system, type);
    beforeScrape.add(cluster::refresh);
    // Only a cluster node has a management port; off the cluster (Lambda's zip) Pekko Management
    // is not even on the class path.
    ManagementMetrics.register(system, this);
  }
}
