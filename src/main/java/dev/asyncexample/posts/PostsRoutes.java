package dev.asyncexample.posts;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.cache.CacheOutcome;
import dev.asyncexample.cache.Cached;
import dev.asyncexample.http.JsonStreams;
import dev.asyncexample.http.PathParams;
import dev.asyncexample.http.Problems;
import dev.asyncexample.http.RequestLog;
import dev.asyncexample.json.Json;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * {@code /v1/posts}, {@code /v1/posts/{post_id}} and {@code /v1/users/{user_id}/posts}. Answers are
 * whole bodies rendered once per upstream fetch (see {@link PostsService}); lists come as a JSON
 * array, or as NDJSON for a client that asks for it.
 */
public final class PostsRoutes extends AllDirectives {

  /** Answers say whether they came from the cache, unless it is disabled. */
  static final String X_CACHE = "X-Cache";

  private static final List<HttpHeader> HIT = List.of(RawHeader.create(X_CACHE, "HIT"));
  private static final List<HttpHeader> MISS = List.of(RawHeader.create(X_CACHE, "MISS"));
  private static final HttpResponse POST_NOT_FOUND =
      Problems.response(StatusCodes.NOT_FOUND, "Post not found");
  private static final HttpResponse NO_POSTS_FOR_USER =
      Problems.response(StatusCodes.NOT_FOUND, "No posts found for this user");

  /** Rendered lines, labelled as NDJSON (JSON bodies go out through {@link Json#RENDERED}). */
  private static final Marshaller<ByteString, RequestEntity> LINES =
      Json.rendered(JsonStreams.NDJSON_TYPE);

  private final PostsService posts;

  public PostsRoutes(PostsService posts) {
    this.posts = posts;
  }

  public Route route() {
    return pathPrefix(
        "v1",
        () ->
            concat(
                path("posts", () -> get(() -> list(Optional.empty(), Optional.empty()))),
                path(
                    segment("posts").slash(segment()),
                    rawId -> get(() -> PathParams.int32("post_id", rawId, this::onePost))),
                path(
                    segment("users").slash(segment()).slash("posts"),
                    rawId ->
                        get(
                            () ->
                                PathParams.int32(
                                    "user_id",
                                    rawId,
                                    userId ->
                                        list(
                                            Optional.of(userId),
                                            Optional.of(NO_POSTS_FOR_USER)))))));
  }

  private Route onePost(int postId) {
    return withCacheMode(
        (requestId, mode) ->
            onSuccess(
                posts.post(postId, requestId, mode),
                found ->
                    found.value().kind() == Rendered.Kind.FOUND
                        ? complete(
                            StatusCodes.OK,
                            cacheHeaders(found),
                            found.value().json(),
                            Json.RENDERED)
                        : complete(POST_NOT_FOUND.addHeaders(cacheHeaders(found)))));
  }

  /**
   * A list of posts; an empty one is {@code []}, or {@code whenEmpty} when the API says so.
   *
   * @param userId whose posts, or every post when empty
   */
  private Route list(Optional<Integer> userId, Optional<HttpResponse> whenEmpty) {
    return withCacheMode(
        (requestId, mode) ->
            extractRequest(
                request ->
                    onSuccess(
                        posts.posts(userId, requestId, mode),
                        found -> {
                          Rendered rendered = found.value();
                          List<HttpHeader> headers = cacheHeaders(found);
                          if (rendered.kind() == Rendered.Kind.EMPTY && whenEmpty.isPresent()) {
                            return complete(whenEmpty.get().addHeaders(headers));
                          }
                          return JsonStreams.wantsLines(request)
                              ? complete(StatusCodes.OK, headers, rendered.lines(), LINES)
                              : complete(StatusCodes.OK, headers, rendered.json(), Json.RENDERED);
                        })));
  }

  private interface CachedRoute {
    Route apply(String requestId, CacheMode mode);
  }

  /** Runs {@code inner} with the request's id and the cache mode its {@code Cache-Control} asks. */
  private Route withCacheMode(CachedRoute inner) {
    return RequestLog.requestId(
        requestId ->
            optionalHeaderValueByName(
                "Cache-Control",
                value ->
                    inner.apply(
                        requestId,
                        value.map(CacheMode::fromCacheControl).orElse(CacheMode.NORMAL))));
  }

  private static List<HttpHeader> cacheHeaders(Cached<Rendered> answer) {
    return answer.outcome() == CacheOutcome.HIT
        ? HIT
        : answer.outcome() == CacheOutcome.MISS ? MISS : List.of();
  }
}
