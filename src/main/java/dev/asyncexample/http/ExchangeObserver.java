package dev.asyncexample.http;

import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Told of every request the edge answers, once its response is ready: how metrics learn of requests
 * without this package knowing them. Called on the request's path, so it must be quick and must not
 * block.
 */
@FunctionalInterface
public interface ExchangeObserver {

  /** Observes nothing. */
  ExchangeObserver NONE = (request, status, template, startNanos) -> {};

  /**
   * Called once {@code request}'s response, with {@code status}, is ready.
   *
   * @param template the route template the request matched, or {@link RouteTemplate#UNKNOWN}
   * @param startNanos {@link System#nanoTime()} when the request reached the edge
   */
  void answered(HttpRequest request, int status, String template, long startNanos);
}
