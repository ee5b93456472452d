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
                              .todoCounts(userId, context, mode)
                              .thenCompose(
                                  todos ->
                                      commentsInTurn(posts, 0, new ArrayList<>(), context, mode)
                                          .thenApply(
                                              counted ->
                                                  Optional.of(
                                                      UserSummary.of(
                                                          user.get(), counted, todos)))));
            });
  }

  /** Each post's comments, one fetch at a time, from {@code next} on. */
  private CompletionStage<List<Counted<UserSummary.PostSummary>>> commentsInTurn(
      List<Post> posts,
      int next,
      List<Counted<UserSummary.PostSummary>> done,
      RequestContext context,
      CacheMode mode) {
    if (next == posts.size()) {
      return CompletableFuture.completedFuture(done);
    }
    return parts
        .withCommentCount(posts.get(next), context, mode)
        .thenCompose(
            counted -> {
              done.add(counted);
              return commentsInTurn(posts, next + 1, done, context, mode);
            });
  }
}
