package dev.asyncexample.bookmarks;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.http.ApiProblem;
import dev.asyncexample.http.JsonStreams;
import dev.asyncexample.http.PathParams;
import dev.asyncexample.http.Problems;
import dev.asyncexample.http.QueryParams;
import dev.asyncexample.http.RequestLog;
import dev.asyncexample.http.RouteTemplate;
import dev.asyncexample.json.Json;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.tracing.DatabaseSpan;
import dev.asyncexample.tracing.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.OverflowStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/users/{user_id}/bookmarks}: list (GET), and per post, save (PUT) and delete (DELETE).
 */
public final class BookmarksRoutes extends AllDirectives {

  private static final Logger log = LoggerFactory.getLogger(BookmarksRoutes.class);

  /** Why a post is missing from a listed bookmark when the failure has no words of its own. */
  static final String UNAVAILABLE_POST = "Post could not be looked up";

  /** Why a post is missing when the list's upstream budget ran out before its lookup answered. */
  static final String OUT_OF_TIME = "Upstream did not answer in time";

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  /** Room for a 1000-character note in any script, escaped, plus the braces. */
  private static final long MAX_BODY_BYTES = 16 * 1024;

  private final BookmarkRepository bookmarks;
  private final PostsService posts;
  private final int enrichParallelism;

  /**
   * @param enrichParallelism how many posts one list fetches from the cache/upstream at once
   */
  public BookmarksRoutes(BookmarkRepository bookmarks, PostsService posts, int enrichParallelism) {
    this.bookmarks = bookmarks;
    this.posts = posts;
    this.enrichParallelism = enrichParallelism;
  }

  public Route route() {
    return pathPrefix(
        segment("v1").slash("users").slash(segment()).slash("bookmarks"),
        rawUser ->
            concat(
                pathEnd(
                    () ->
                        RouteTemplate.named(
                            "/v1/users/{user_id}/bookmarks",
                            () -> get(() -> PathParams.int32("user_id", rawUser, this::list)))),
                path(
                    segment(),
                    rawPost ->
                        RouteTemplate.named(
                            "/v1/users/{user_id}/bookmarks/{post_id}",
                            () ->
                                concat(
                                    put(() -> withIds(rawUser, rawPost, this::save)),
                                    delete(() -> withIds(rawUser, rawPost, this::remove)))))));
  }

  private interface IdsRoute {
    Route apply(int userId, int postId);
  }

  private static Route withIds(String rawUser, String rawPost, IdsRoute inner) {
    return PathParams.int32(
        "user_id",
        rawUser,
        userId -> PathParams.int32("post_id", rawPost, postId -> inner.apply(userId, postId)));
  }

  private Route list(int userId) {
    return QueryParams.integer(
        "limit",
        DEFAULT_LIMIT,
        1,
        MAX_LIMIT,
        limit ->
            QueryParams.integer(
                "after",
                0,
                0,
                Long.MAX_VALUE,
                after ->
                    whenAvailable(
                        () ->
                            RequestLog.context(
                                request ->
                                    listed(userId, after, Math.toIntExact(limit), request)))));
  }

  private Route listed(int userId, long after, int limit, RequestContext request) {
    // One upstream budget for all the list's lookups, not one per wave of them: with a slow
    // upstream, waves of enrichParallelism lookups would each wait out the whole timeout.
    long deadline = System.nanoTime() + posts.fetchBudget().toNanos();
    return JsonStreams.complete(
        bookmarks
            .list(userId, after, limit)
            // Rows are read ahead (a page at most), so the connection goes back to the pool as
            // soon as the query is done, not after the slowest post.
            .buffer(limit, OverflowStrategy.backpressure())
            .mapAsync(enrichParallelism, bookmark -> withPost(bookmark, request, deadline)),
        JsonStreams::empty);
  }

  /**
   * The bookmark with its post. A lookup that fails leaves the post out and says why rather than
   * failing the list: the bookmarks are ours and still readable, and a failure after the first
   * element could only cut a 200 short, which a client sees as a broken connection.
   */
  private CompletionStage<BookmarkedPost> withPost(
      Bookmark bookmark, RequestContext request, long deadlineNanos) {
    long leftNanos = deadlineNanos - System.nanoTime();
    if (leftNanos <= 0) {
      return CompletableFuture.completedFuture(BookmarkedPost.unavailable(bookmark, OUT_OF_TIME));
    }
    return posts
        .find(bookmark.postId(), request)
        .toCompletableFuture()
        .handle(
            (post, failure) ->
                failure == null
                    ? BookmarkedPost.of(bookmark, post.orElse(null))
                    : BookmarkedPost.unavailable(bookmark, inOurWords(failure)))
        .completeOnTimeout(
            BookmarkedPost.unavailable(bookmark, OUT_OF_TIME), leftNanos, TimeUnit.NANOSECONDS);
  }

  private static String inOurWords(Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    if (!(cause instanceof ApiProblem problem)) {
      log.warn("Post lookup failed for a bookmark list", cause);
      return UNAVAILABLE_POST;
    }
    return problem.detail();
  }

  private Route save(int userId, int postId) {
    return withSizeLimit(
        MAX_BODY_BYTES,
        () ->
            entity(
                NoteBody.BYTES,
                body -> {
                  String note = NoteBody.note(body);
                  return whenAvailable(
                      () ->
                          RequestLog.context(
                              request ->
                                  onSuccess(
                                      posts.find(postId, request),
                                      post ->
                                          post.isEmpty()
                                              ? Problems.complete(
                                                  StatusCodes.NOT_FOUND, "Post not found")
                                              : onSuccess(
                                                  DatabaseSpan.around(
                                                      request,
                                                      bookmarks.backend(),
                                                      "INSERT",
                                                      () -> bookmarks.save(userId, postId, note)),
                                                  saved ->
                                                      complete(
                                                          saved.created()
                                                              ? StatusCodes.CREATED
                                                              : StatusCodes.OK,
                                                          BookmarkedPost.of(
                                                              saved.bookmark(), post.get()),
                                                          Json.marshaller())))));
                }));
  }

  private Route remove(int userId, int postId) {
    return whenAvailable(
        () ->
            RequestLog.context(
                request ->
                    onSuccess(
                        DatabaseSpan.around(
                            request,
                            bookmarks.backend(),
                            "DELETE",
                            () -> bookmarks.delete(userId, postId)),
                        deleted ->
                            deleted
                                ? complete(StatusCodes.NO_CONTENT)
                                : Problems.complete(StatusCodes.NOT_FOUND, "Bookmark not found"))));
  }

  /** 503 at once, without calling anyone, while the database cannot take queries. */
  private Route whenAvailable(java.util.function.Supplier<Route> inner) {
    return bookmarks.available()
        ? inner.get()
        : Problems.complete(StatusCodes.SERVICE_UNAVAILABLE, "Database unavailable");
  }
}
