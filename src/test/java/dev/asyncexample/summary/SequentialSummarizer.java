package dev.asyncexample.summary;

import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.posts.Post;
import dev.asyncexample.tracing.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * For bench/lessons, the fan-out's wrong way: the same parts as {@link ConcurrentSummarizer}, and
 * the same answer, but each call starts only when the one before it has answered (the user, the
 * posts, the todos, then every post's comments in turn). Nothing blocks; it only waits in line.
 * Test sources only: the server fans out.
 */
public final class SequentialSummarizer implements Summarizer {

  private final UserParts parts;

  public SequentialSummarizer(UserParts parts) {
    this.parts = parts;
  }

  @Override
  public CompletionStage<Optional<UserSummary>> summarize(
      int userId, RequestContext context, CacheMode mode) {
    return parts
        .user(userId, context, mode)
        .thenCompose(
            user -> {
              if (user.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<UserSummary>empty());
              }
              return parts
                  .posts(userId, context, mode)
                  .thenCompose(
                      posts ->
                          parts
                              .todos(userId, context, mode)
                              .handle(
                                  (todos, failure) ->
                                      failure == null
                                          ? new Part<>(UserSummary.TodoCounts.of(todos), null)
                                          : new Part<UserSummary.TodoCounts>(
                                              null, UserParts.missing("todos", failure)))
                              .thenCompose(
                                  todos ->
                                      commentsInTurn(posts, 0, new ArrayList<>(), context, mode)
                                          .thenApply(
                                              counted ->
                                                  Optional.of(
                                                      summary(user.get(), counted, todos)))));
            });
  }

  /** Each post's comments, one fetch at a time, from {@code next} on. */
  private CompletionStage<List<Part<UserSummary.PostSummary>>> commentsInTurn(
      List<Post> posts,
      int next,
      List<Part<UserSummary.PostSummary>> done,
      RequestContext context,
      CacheMode mode) {
    if (next == posts.size()) {
      return CompletableFuture.completedFuture(done);
    }
    Post post = posts.get(next);
    return parts
        .comments(post.id(), context, mode)
        .handle(
            (comments, failure) ->
                failure == null
                    ? new Part<>(
                        new UserSummary.PostSummary(post.id(), post.title(), comments.size()), null)
                    : new Part<>(
                        new UserSummary.PostSummary(post.id(), post.title(), null),
                        UserParts.missing("comments of post " + post.id(), failure)))
        .thenCompose(
            counted -> {
              done.add(counted);
              return commentsInTurn(posts, next + 1, done, context, mode);
            });
  }

  private static UserSummary summary(
      User user, List<Part<UserSummary.PostSummary>> posts, Part<UserSummary.TodoCounts> todos) {
    List<UserSummary.PostSummary> summaries = new ArrayList<>(posts.size());
    List<UserSummary.MissingPart> missing = new ArrayList<>();
    for (Part<UserSummary.PostSummary> post : posts) {
      summaries.add(post.value());
      if (post.missing() != null) {
        missing.add(post.missing());
      }
    }
    if (todos.missing() != null) {
      missing.add(todos.missing());
    }
    return new UserSummary(user, summaries, todos.value(), missing);
  }

  /** A part's value, or null with why it is missing. */
  private record Part<T>(T value, UserSummary.MissingPart missing) {}
}
