package dev.asyncexample.posts;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.asyncexample.http.JsonStreams;
import dev.asyncexample.http.PathParams;
import dev.asyncexample.http.Problems;
import dev.asyncexample.http.RequestLog;
import dev.asyncexample.json.Json;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /v1/posts}, {@code /v1/posts/{post_id}} and {@code /v1/users/{user_id}/posts}. Lists are
 * streamed as a JSON array, or as NDJSON for a client that asks for it.
 */
public final class PostsRoutes extends AllDirectives {

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
                                () -> JsonStreams.complete(posts.value(), JsonStreams::empty)))));
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
                                    JsonStreams.complete(
                                        posts.value(),
                                        () ->
                                            Problems.complete(
                                                StatusCodes.NOT_FOUND,
                                                "No posts found for this user"))))));
  }
}
