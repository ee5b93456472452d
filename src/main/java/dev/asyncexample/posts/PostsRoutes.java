package dev.asyncexample.posts;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.asyncexample.http.PathParams;
import dev.asyncexample.http.Problems;
import dev.asyncexample.http.RequestLog;
import dev.asyncexample.json.Json;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.common.EntityStreamingSupport;
import org.apache.pekko.http.javadsl.common.JsonEntityStreamingSupport;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** {@code /v1/posts}, {@code /v1/posts/{post_id}} and {@code /v1/users/{user_id}/posts}. */
public final class PostsRoutes extends AllDirectives {

  /** Renders a stream of posts as one JSON array, element by element. */
  private static final JsonEntityStreamingSupport JSON_ARRAY = EntityStreamingSupport.json();

  private final JsonPlaceholderClient client;

  public PostsRoutes(JsonPlaceholderClient client) {
    this.client = client;
  }

  public Route route() {
    return pathPrefix(
        "v1",
        () ->
            concat(
                path("posts", () -> get(this::allPosts)),
                path(
                    segment("posts").slash(segment()),
                    rawId -> get(() -> PathParams.int32("post_id", rawId, this::onePost))),
                path(
                    segment("users").slash(segment()).slash("posts"),
                    rawId -> get(() -> PathParams.int32("user_id", rawId, this::postsOfUser)))));
  }

  private Route allPosts() {
    return RequestLog.requestId(
        requestId ->
            CacheHeaders.mode(
                mode ->
                    onSuccess(
                        client.posts(requestId, mode),
                        posts ->
                            CacheHeaders.outcome(
                                posts.outcome(),
                                () -> streamed(posts.value(), this::emptyArray)))));
  }

  private Route onePost(int postId) {
    return RequestLog.requestId(
        requestId ->
            CacheHeaders.mode(
                mode ->
                    onSuccess(
                        client.post(postId, requestId, mode),
                        found ->
                            CacheHeaders.outcome(
                                found.outcome(),
                                () ->
                                    found
                                        .value()
                                        .<Route>map(
                                            post ->
                                                complete(StatusCodes.OK, post, Json.marshaller()))
                                        .orElseGet(
                                            () ->
                                                Problems.complete(
                                                    StatusCodes.NOT_FOUND, "Post not found"))))));
  }

  private Route postsOfUser(int userId) {
    return RequestLog.requestId(
        requestId ->
            CacheHeaders.mode(
                mode ->
                    onSuccess(
                        client.postsOfUser(userId, requestId, mode),
                        posts ->
                            CacheHeaders.outcome(
                                posts.outcome(),
                                () ->
                                    streamed(
                                        posts.value(),
                                        () ->
                                            Problems.complete(
                                                StatusCodes.NOT_FOUND,
                                                "No posts found for this user"))))));
  }

  /**
   * Answers with the posts as a JSON array, streamed. The status is decided on the first element
   * alone: none means {@code whenEmpty}, and a first element that cannot be decoded is still an
   * error response rather than a broken 200.
   */
  private Route streamed(Source<Post, NotUsed> posts, Supplier<Route> whenEmpty) {
    return extractMaterializer(
        materializer ->
            onSuccess(
                posts.prefixAndTail(1).runWith(Sink.head(), materializer),
                split ->
                    split.first().isEmpty()
                        ? whenEmpty.get()
                        : completeOKWithSource(
                            Source.from(split.first()).concat(split.second()),
                            Json.marshaller(),
                            JSON_ARRAY)));
  }

  private Route emptyArray() {
    return completeOKWithSource(Source.<Post>empty(), Json.marshaller(), JSON_ARRAY);
  }
}
