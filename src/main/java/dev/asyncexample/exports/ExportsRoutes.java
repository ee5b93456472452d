package dev.asyncexample.exports;

import static org.apache.pekko.http.javadsl.server.PathMatchers.remaining;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.asyncexample.http.JsonStreams;
import dev.asyncexample.http.Problems;
import dev.asyncexample.http.QueryParams;
import dev.asyncexample.http.RequestLog;
import dev.asyncexample.http.RouteTemplate;
import dev.asyncexample.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /v1/exports}: export posts to S3 (POST), list the exports (GET), and read one back (GET by
 * name). Without a configured bucket all three answer 503; the rest of the API is unaffected.
 */
public final class ExportsRoutes extends AllDirectives {

  private final Optional<Exports> exports;

  public ExportsRoutes(Optional<Exports> exports) {
    this.exports = exports;
  }

  public Route route() {
    return pathPrefix(
        segment("v1").slash("exports"),
        () ->
            concat(
                pathEnd(
                    () ->
                        RouteTemplate.named(
                            "/v1/exports",
                            () ->
                                concat(
                                    post(
                                        () -> userId(userId -> configured(s -> export(s, userId)))),
                                    get(() -> configured(this::list))))),
                // Anything after the prefix, slashes included, is one name to validate.
                path(
                    remaining(),
                    raw ->
                        RouteTemplate.named(
                            "/v1/exports/{name}",
                            () ->
                                get(
                                    () ->
                                        withName(
                                            decode(raw),
                                            name -> configured(s -> read(s, name))))))));
  }

  private Route export(Exports s, Optional<Integer> userId) {
    return RequestLog.context(
        request ->
            onSuccess(
                s.export(userId, request),
                result ->
                    respondWithHeader(
                        Location.create("/v1/exports/" + result.name()),
                        () -> complete(StatusCodes.CREATED, result, Json.marshaller()))));
  }

  private Route list(Exports s) {
    return parameterOptional(
        "after",
        after ->
            after.isPresent() && !ExportNames.valid(after.get())
                ? invalid("query", "after", after.get())
                : limit(
                    s.pageSize(),
                    limit ->
                        onSuccess(
                            s.list(after, limit),
                            page -> complete(StatusCodes.OK, page, Json.marshaller()))));
  }

  private Route read(Exports s, String name) {
    return onSuccess(
        s.read(name),
        download ->
            complete(
                HttpResponse.create()
                    .withEntity(
                        HttpEntities.create(
                            ContentTypes.create(JsonStreams.NDJSON),
                            download.contentLength(),
                            // S3's buffers come in whatever sizes the SDK reads them.
                            JsonStreams.inChunks(download.bytes())))));
  }

  private Route configured(Function<Exports, Route> inner) {
    return exports
        .map(inner)
        .orElseGet(
            () ->
                Problems.complete(
                    StatusCodes.SERVICE_UNAVAILABLE, "S3 exports are not configured"));
  }

  private static Route withName(String name, Function<String, Route> inner) {
    return ExportNames.valid(name) ? inner.apply(name) : invalid("path", "name", name);
  }

  private static Route invalid(String where, String field, String input) {
    return Problems.validation(
        new Problems.FieldError(
            "string_pattern_mismatch",
            List.of(where, field),
            "String should match pattern '" + ExportNames.PATTERN + "'",
            input,
            Map.of("pattern", ExportNames.PATTERN)));
  }

  private Route userId(Function<Optional<Integer>, Route> inner) {
    return parameterOptional(
        "userId",
        raw ->
            raw.isEmpty()
                ? inner.apply(Optional.empty())
                : QueryParams.integer(
                    "userId",
                    0,
                    Integer.MIN_VALUE,
                    Integer.MAX_VALUE,
                    value -> inner.apply(Optional.of(Math.toIntExact(value)))));
  }

  private Route limit(int fallback, IntFunction<Route> inner) {
    return QueryParams.integer(
        "limit", fallback, 1, ExportSettings.MAX_PAGE_SIZE, value -> inner.apply((int) value));
  }

  /** The raw path as the name it spells ({@code ..%2Fx} is {@code ../x}); bad escapes stay raw. */
  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }
}
