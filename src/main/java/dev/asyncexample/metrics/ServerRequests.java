package dev.asyncexample.metrics;

import dev.asyncexample.http.ExchangeObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * {@code http_server_requests_seconds}, as Spring Boot names and tags it: one histogram per method,
 * route template ({@code uri}), status, outcome. The template comes from the routes, never from the
 * request's path, so the number of series stays bounded whatever paths clients send.
 */
final class ServerRequests implements ExchangeObserver {

  private final TimerGrid timers;

  ServerRequests(MeterRegistry registry) {
    this.timers =
        new TimerGrid(
            (template, method, status) ->
                Timer.builder("http.server.requests")
                    .description("Duration of HTTP server request handling")
                    .tag("method", method)
                    .tag("uri", template)
                    .tag("status", Integer.toString(status))
                    .tag("outcome", Outcome.of(status))
                    .tag("exception", "none")
                    .publishPercentileHistogram()
                    .register(registry));
  }

  @Override
  public void answered(HttpRequest request, int status, String template, long startNanos) {
    long elapsed = System.nanoTime() - startNanos;
    timers
        .get(template, TimerGrid.methodIndex(request.method().name()), status)
        .record(elapsed, TimeUnit.NANOSECONDS);
  }
}
