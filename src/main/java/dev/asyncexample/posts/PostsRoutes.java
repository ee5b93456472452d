package dev.asyncexample.posts;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.cache.CacheOutcome;
import dev.asyncexample.cache.Cached;
import dev.asyncexample.http.Conditional;
import dev.asyncexample.http.JsonStreams;
import dev.asyncexample.http.PathParams;
import dev.asyncexample.http.Problems;
import dev.asyncexample.http.RequestLog;
import dev.asyncexample.http.RouteTemplate;
import dev.asyncexample.json.Json;
import dev.asyncexample.tracing.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Age;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.ETag;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
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

  private static final Map<CacheOutcome, HttpHeader> X_CACHE_HEADERS =
      Map.of(
          CacheOutcome.HIT, RawHeader.create(X_CACHE, "HIT"),
          CacheOutcome.MISS, RawHeader.create(X_CACHE, "MISS"),
          CacheOutcome.STALE, RawHeader.create(X_CACHE, "STALE"));

  /** Without a cache every answer is current, but clients must still ask (and may revalidate). */
  private static final HttpHeader NO_CACHE = CacheControl.create(CacheDirectives.NO_CACHE);

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
                path(
                    "posts",
                    () ->
                        RouteTemplate.named(
                            "/v1/posts",
                            () -> get(() -> list(Optional.empty(), Optional.empty())))),
                path(
                    segment("posts").slash(segment()),
                    rawId ->
                        RouteTemplate.named(
                            "/v1/posts/{post_id}",
                            () -> get(() -> PathParams.int32("post_id", rawId, this::onePost)))),
                path(
                    segment("users").slash(segment()).slash("posts"),
                    rawId ->
                        RouteTemplate.named(
                            "/v1/users/{user_id}/posts",
                            () ->
                                get(() -> PathParams.int32("user_id", rawId, this::userPosts))))));
  }

  private Route userPosts(int userId) {
    return list(Optional.of(userId), Optional.of(NO_POSTS_FOR_USER));
  }

  private Route onePost(int postId) {
    return withCacheMode(
        (context, mode) ->
            extractRequest(
                request ->
                    onSuccess(
                        posts.post(postId, context, mode),
                        found ->
                            found.value().kind() == Rendered.Kind.FOUND
                                ? current(
                                    request,
                                    found,
                                    found.value().tag(),
                                    found.value().json(),
                                    Json.RENDERED)
                                : complete(POST_NOT_FOUND.addHeaders(cacheHeaders(found))))));
  }

  /**
   * A list of posts; an empty one is {@code []}, or {@code whenEmpty} when the API says so.
   *
   * @param userId whose posts, or every post when empty
   */
  private Route list(Optional<Integer> userId, Optional<HttpResponse> whenEmpty) {
    return withCacheMode(
        (context, mode) ->
            extractRequest(
                request ->
                    onSuccess(
                        posts.posts(userId, context, mode),
                        found -> {
                          Rendered rendered = found.value();
                          if (rendered.kind() == Rendered.Kind.EMPTY && whenEmpty.isPresent()) {
                            return complete(whenEmpty.get().addHeaders(cacheHeaders(found)));
                          }
                          // Each representation has its own tag: the lines are other bytes.
                          return JsonStreams.wantsLines(request)
                              ? current(
                                  request, found, rendered.tag() + "-nd", rendered.lines(), LINES)
                              : current(
                                  request, found, rendered.tag(), rendered.json(), Json.RENDERED);
                        })));
  }

  /**
   * A 200 with {@code body}, or a 304 with no body when the client already holds these bytes (its
   * {@code If-None-Match} names {@code tag}); both say how long they stay fresh.
   */
  private Route current(
      HttpRequest request,
      Cached<Rendered> found,
      String tag,
      ByteString body,
      Marshaller<ByteString, RequestEntity> marshaller) {
    List<HttpHeader> headers = new ArrayList<>(cacheHeaders(found));
    headers.add(ETag.create(EntityTag.create(tag, false)));
    if (Conditional.notModified(request, tag)) {
      return complete(
          HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED).addHeaders(headers));
    }
    return complete(StatusCodes.OK, headers, body, marshaller);
  }

  private interface CachedRoute {
    Route apply(RequestContext context, CacheMode mode);
  }

  /**
   * Runs {@code inner} with the request's context and the cache mode its {@code Cache-Control}
   * asks.
   */
  private Route withCacheMode(CachedRoute inner) {
    return RequestLog.context(
        context ->
            optionalHeaderValueByName(
                "Cache-Control",
                value ->
                    inner.apply(
                        context, value.map(CacheMode::fromCacheControl).orElse(CacheMode.NORMAL))));
  }

  /**
   * {@code X-Cache}, {@code Age} for an answer from the cache, and {@code Cache-Control}: clients
   * may keep it for as long as we would serve it from our cache.
   */
  private static List<HttpHeader> cacheHeaders(Cached<Rendered> answer) {
    if (answer.outcome() == CacheOutcome.NOT_CACHED) {
      return List.of(NO_CACHE);
    }
    List<HttpHeader> headers = new ArrayList<>(3);
    headers.add(X_CACHE_HEADERS.get(answer.outcome()));
    if (answer.outcome() != CacheOutcome.MISS) {
      headers.add(Age.create(answer.age().toSeconds()));
    }
    headers.add(CacheControl.create(CacheDirectives.MAX_AGE(answer.freshFor().toSeconds())));
    return headers;
  }
}
