package dev.asyncexample.summary;

import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.posts.Post;
import dev.asyncexample.tracing.RequestContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The fan-out: the user, their posts and their todos are fetched at once, and as soon as the posts
 * are in, every post's comments, {@code parallelism} at a time. A summary so costs about two
 * upstream round trips (more when a user has more posts than {@code parallelism}), not one per
 * part; nothing waits on a thread meanwhile.
 */
public final class ConcurrentSummarizer implements Summarizer {

  private final UserParts parts;
  private final int parallelism;
  private final ActorSystem<?> system;

  /**
   * @param parallelism how many posts have their comments fetched at once (SUMMARY_PARALLELISM)
   * @param system runs the comments' stream and the callbacks after it
   */
  public ConcurrentSummarizer(UserParts parts, int parallelism, ActorSystem<?> system) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    this.parts = parts;
    this.parallelism = parallelism;
    this.system = system;
  }

  @Override
  public CompletionStage<Optional<UserSummary>> summarize(
      int userId, RequestContext context, CacheMode mode) {
    // Started together: none of the three needs another's answer.
    CompletableFuture<Optional<User>> user =
        parts.user(userId, context, mode).toCompletableFuture();
    CompletableFuture<List<Post>> posts = parts.posts(userId, context, mode).toCompletableFuture();
    CompletableFuture<Counted<UserSummary.TodoCounts>> todos =
        parts.todoCounts(userId, context, mode).toCompletableFuture();
    // The comments wait for the posts only, not for the user or the todos.
    CompletableFuture<List<Counted<UserSummary.PostSummary>>> counted =
        posts.thenCompose(list -> countComments(list, context, mode));
    return user.thenCombine(counted, Found::new)
        .thenCombine(
            todos, (found, todo) -> found.user().map(u -> UserSummary.of(u, found.posts(), todo)));
  }

  /** Every post with its number of comments, in the posts' order, {@code parallelism} at once. */
  private CompletionStage<List<Counted<UserSummary.PostSummary>>> countComments(
      List<Post> posts, RequestContext context, CacheMode mode) {
    if (posts.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return StageBridge.completeOn(
        Source.from(posts)
            .mapAsync(parallelism, post -> parts.withCommentCount(post, context, mode))
            .runWith(Sink.seq(), system),
        // Sink.seq's stage is Pekko's: the rest of the summary continues on the dispatcher.
        system.executionContext());
  }

  private record Found(Optional<User> user, List<Counted<UserSummary.PostSummary>> posts) {}
}
