package dev.asyncexample.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The calls of one HTTP client: {@code http_client_requests_seconds} as Spring Boot names and tags
 * it ({@code uri} is the call's template, such as {@code /posts/{id}}, never the path called), and
 * its connection pool: calls in flight, the part of them queued for a connection, and overflows.
 */
public final class ClientRequests {

  /** The {@code uri} of a call made without a template. */
  public static final String NO_TEMPLATE = "none";

  private final MeterRegistry registry;
  private final String clientName;
  private final TimerGrid timers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Counter overflows;

  /**
   * The meters of one client, registered at once.
   *
   * @param clientName the {@code client_name} tag: the host called
   * @param maxConnections the pool's connections; calls in flight beyond them wait in its queue
   * @param maxOpenRequests the pool's queue; a call beyond both overflows
   */
  public ClientRequests(
      MeterRegistry registry, String clientName, int maxConnections, int maxOpenRequests) {
    this.registry = registry;
    this.clientName = clientName;
    this.timers =
        new TimerGrid(
            (template, method, status) ->
                timer(template, method, Integer.toString(status), Outcome.of(status), "none"));
    Gauge.builder("upstream.pool.in.flight", inFlight, AtomicInteger::get)
        .description("Upstream calls sent to the connection pool and not yet answered in full")
        .tag("client_name", clientName)
        .register(registry);
    Gauge.builder("upstream.pool.queued", inFlight, n -> Math.max(0, n.get() - maxConnections))
        .description("Upstream calls beyond the pool's connections: waiting in its queue")
        .tag("client_name", clientName)
        .register(registry);
    Gauge.builder("upstream.pool.max.connections", () -> maxConnections)
        .description("Connections the pool opens at most (max-connections)")
        .tag("client_name", clientName)
        .register(registry);
    Gauge.builder("upstream.pool.max.open.requests", () -> maxOpenRequests)
        .description("Calls the pool queues at most beyond its connections (max-open-requests)")
        .tag("client_name", clientName)
        .register(registry);
    this.overflows =
        Counter.builder("upstream.pool.overflows")
            .description("Upstream calls refused at once because the pool and its queue were full")
            .tag("client_name", clientName)
            .register(registry);
  }

  /**
   * Runs {@code call} and records it as a GET of {@code template}.
   *
   * @param status the status of a completed call's answer
   * @param overflowed whether a failure is the pool's overflow
   */
  public <T> CompletionStage<T> timed(
      String template,
      Supplier<CompletionStage<T>> call,
      ToIntFunction<T> status,
      Predicate<Throwable> overflowed) {
    long start = System.nanoTime();
    inFlight.incrementAndGet();
    CompletionStage<T> started;
    try {
      started = call.get();
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
    return started.whenComplete(
        (answer, failure) -> {
          inFlight.decrementAndGet();
          long elapsed = System.nanoTime() - start;
          if (failure == null) {
            timers
                .get(template, 0, status.applyAsInt(answer))
                .record(elapsed, TimeUnit.NANOSECONDS);
            return;
          }
          if (overflowed.test(failure)) {
            overflows.increment();
          }
          // As Spring's clients tag a call that got no answer: no status, and why.
          timer(template, "GET", "CLIENT_ERROR", "UNKNOWN", exceptionName(failure))
              .record(elapsed, TimeUnit.NANOSECONDS);
        });
  }

  /** The innermost cause's class: what Spring's {@code exception} tag names. */
  private static String exceptionName(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName();
  }

  private Timer timer(
      String template, String method, String status, String outcome, String exception) {
    return Timer.builder("http.client.requests")
        .description(
            "Duration of upstream calls, until the answer is read (its headers, if streamed)")
        .tag("client_name", clientName)
        .tag("method", method)
        .tag("uri", template)
        .tag("status", status)
        .tag("outcome", outcome)
        .tag("exception", exception)
        .publishPercentileHistogram()
        .register(registry);
  }
}
