package dev.asyncexample.posts;

import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.cache.CacheOutcome;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/** The cache in HTTP: a request's {@code Cache-Control: no-cache}, and {@code X-Cache} answers. */
final class CacheHeaders {

  static final String X_CACHE = "X-Cache";

  private CacheHeaders() {}

  /** Runs {@code inner} with the cache mode the request asks for. */
  static Route mode(Function<CacheMode, Route> inner) {
    return Directives.optionalHeaderValueByName(
        "Cache-Control",
        value -> inner.apply(value.map(CacheMode::fromCacheControl).orElse(CacheMode.NORMAL)));
  }

  /** Answers with {@code inner}, saying {@code X-Cache: HIT} or {@code MISS} when it was cached. */
  static Route outcome(CacheOutcome outcome, Supplier<Route> inner) {
    return outcome
        .header()
        .map(value -> Directives.respondWithHeader(RawHeader.create(X_CACHE, value), inner))
        .orElseGet(inner);
  }
}
