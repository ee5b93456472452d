package dev.asyncexample.summary;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.http.ApiProblem;
import dev.asyncexample.json.Json;
import dev.asyncexample.posts.Post;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.posts.Rendered;
import dev.asyncexample.tracing.RequestContext;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import dev.asyncexample.upstream.UpstreamException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream resources a summary is made of, each fetched through the posts' cache, coalescer and
 * client ({@link PostsService}) and decoded into values. Each call is one fetch; in what order and
 * how many at once is for the caller ({@link ConcurrentSummarizer}).
 */
public final class UserParts {

  private static final Logger log = LoggerFactory.getLogger(UserParts.class);

  /** Why a part is missing when its failure has no words of its own. */
  static final String UNAVAILABLE = "Could not be fetched";

  private static final TypeReference<User> USER = new TypeReference<>() {};
  private static final TypeReference<List<Post>> POSTS = new TypeReference<>() {};
  private static final TypeReference<List<Comment>> COMMENTS = new TypeReference<>() {};
  private static final TypeReference<List<Todo>> TODOS = new TypeReference<>() {};

  private final PostsService upstream;

  public UserParts(PostsService upstream) {
    this.upstream = upstream;
  }

  /** The user, or empty when the upstream has none (404). */
  public CompletionStage<Optional<User>> user(int id, RequestContext context, CacheMode mode) {
    return upstream
        .json(JsonPlaceholderClient.userPath(id), context, mode)
        .<Optional<User>>thenApply(
            cached ->
                cached.value().kind() == Rendered.Kind.MISSING
                    ? Optional.<User>empty()
                    : Optional.of(decode(USER, cached.value().json())));
  }

  /** The user's posts, in upstream order; empty for a user with none (or no such user). */
  public CompletionStage<List<Post>> posts(int userId, RequestContext context, CacheMode mode) {
    return upstream
        .posts(Optional.of(userId), context, mode)
        .<List<Post>>thenApply(
            cached ->
                cached.value().kind() == Rendered.Kind.FOUND
                    ? decode(POSTS, cached.value().json())
                    : List.<Post>of());
  }

  /** The user's todos counted, or missing when they could not be fetched: never a failure. */
  public CompletionStage<Counted<UserSummary.TodoCounts>> todoCounts(
      int userId, RequestContext context, CacheMode mode) {
    return list(JsonPlaceholderClient.todosPath(userId), TODOS, context, mode)
        .handle(
            (todos, failure) ->
                failure == null
                    ? new Counted<>(UserSummary.TodoCounts.of(todos), null)
                    : new Counted<>(null, missing("todos", failure)));
  }

  /**
   * The post with its number of comments, or with that number missing when they could not be
   * fetched: never a failure.
   */
  public CompletionStage<Counted<UserSummary.PostSummary>> withCommentCount(
      Post post, RequestContext context, CacheMode mode) {
    return list(JsonPlaceholderClient.commentsPath(post.id()), COMMENTS, context, mode)
        .handle(
            (comments, failure) ->
                failure == null
                    ? new Counted<>(
                        new UserSummary.PostSummary(post.id(), post.title(), comments.size()), null)
                    : new Counted<>(
                        new UserSummary.PostSummary(post.id(), post.title(), null),
                        missing("comments of post " + post.id(), failure)));
  }

  /**
   * {@code part} left out because of {@code failure}, said as the API would say it for a whole
   * request; a failure with no words of its own (a bug) is logged.
   */
  private static UserSummary.MissingPart missing(String part, Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    if (cause instanceof ApiProblem problem) {
      log.debug("Summary without {}: {}", part, problem.detail());
      return new UserSummary.MissingPart(part, problem.detail());
    }
    log.warn("Summary without {}", part, cause);
    return new UserSummary.MissingPart(part, UNAVAILABLE);
  }

  private <T> CompletionStage<List<T>> list(
      String path, TypeReference<List<T>> type, RequestContext context, CacheMode mode) {
    return upstream
        .json(path, context, mode)
        .<List<T>>thenApply(
            cached -> {
              // JSONPlaceholder answers [] for an unknown id; a 404 means it serves no such list.
              if (cached.value().kind() == Rendered.Kind.MISSING) {
                throw new UpstreamException(
                    UpstreamException.Kind.BAD_GATEWAY, "Upstream answered 404");
              }
              return decode(type, cached.value().json());
            });
  }

  private static <T> T decode(TypeReference<T> type, ByteString json) {
    try {
      T value = Json.MAPPER.readValue(json.toArrayUnsafe(), type);
      if (value == null) {
        throw new UpstreamException(
            UpstreamException.Kind.BAD_GATEWAY, "Upstream sent JSON of an unexpected shape");
      }
      return value;
    } catch (IOException e) {
      String what =
          e instanceof JsonParseException ? "invalid JSON" : "JSON of an unexpected shape";
      throw new UpstreamException(UpstreamException.Kind.BAD_GATEWAY, "Upstream sent " + what, e);
    }
  }
}
