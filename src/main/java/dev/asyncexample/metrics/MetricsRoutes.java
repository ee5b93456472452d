package dev.asyncexample.metrics;

import dev.asyncexample.http.RouteTemplate;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format, or in OpenMetrics when the
 * scraper asks for it (Prometheus itself does), as Spring Boot's {@code /actuator/prometheus}
 * serves them.
 */
final class MetricsRoutes extends AllDirectives {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPENMETRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final ContentType PROMETHEUS = ContentTypes.parse(PROMETHEUS_TEXT);
  private static final ContentType OPENMETRICS = ContentTypes.parse(OPENMETRICS_TEXT);

  private final PrometheusMeterRegistry registry;
  private final List<Supplier<CompletionStage<Void>>> beforeScrape;

  /**
   * @param beforeScrape sets gauges that must be asked for (dependency checks, shard counts); each
   *     completes, never fails, within about a second
   */
  MetricsRoutes(
      PrometheusMeterRegistry registry, List<Supplier<CompletionStage<Void>>> beforeScrape) {
    this.registry = registry;
    this.beforeScrape = beforeScrape;
  }

  Route route() {
    return path(
        "metrics",
        () -> RouteTemplate.named("/metrics", () -> get(() -> extractRequest(this::scrape))));
  }

  /** The scrape alone, at whatever path the caller matched (Pekko Management's port). */
  Route scrape(HttpRequest request) {
    return onSuccess(refreshed(), unit -> complete(answer(request)));
  }

  private CompletionStage<Void> refreshed() {
    return CompletableFuture.allOf(
        beforeScrape.stream()
            .map(refresh -> refresh.get().toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }

  private HttpResponse answer(HttpRequest request) {
    boolean openMetrics =
        request
            .getHeader("Accept")
            .map(HttpHeader::value)
            .filter(accept -> accept.contains("application/openmetrics-text"))
            .isPresent();
    String text = registry.scrape(openMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT);
    return HttpResponse.create()
        .withEntity(openMetrics ? OPENMETRICS : PROMETHEUS, text.getBytes(StandardCharsets.UTF_8));
  }
}
