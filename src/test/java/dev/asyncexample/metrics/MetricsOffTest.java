package dev.asyncexample.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.http.ExchangeObserver;
import dev.asyncexample.http.Readiness;
import dev.asyncexample.testing.RouteTestSupport;
import dev.asyncexample.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.junit.jupiter.api.Test;

/** METRICS_ENABLED=off: nothing is recorded, and there is no {@code /metrics}. */
class MetricsOffTest extends RouteTestSupport {

  @Test
  void recordsNothingAndServesNoMetrics() {
    AppMetrics metrics = AppMetrics.create(Adapter.toTyped(system()), new MetricsSettings(false));
    assertThat(metrics.exchanges()).isSameAs(ExchangeObserver.NONE);
    MeterRegistry registry = metrics.registry();
    registry.counter("anything").increment();
    new ClientRequests(registry, "upstream", 4, 4);
    assertThat(registry.getMeters()).isEmpty();

    Readiness readiness = new Readiness();
    readiness.ready();
    testRoute(
            new ApiRoutes(metrics.route(), readiness, List.of(), Tracing.OFF, metrics.exchanges())
                .route())
        .run(HttpRequest.GET("/metrics"))
        .assertStatusCode(404);
  }

  @Test
  void settingsReadTheKey() {
    assertThat(
            MetricsSettings.from(
                    com.typesafe.config.ConfigFactory.parseString(
                        "async-example.metrics.enabled = off"))
                .enabled())
        .isFalse();
  }
}
