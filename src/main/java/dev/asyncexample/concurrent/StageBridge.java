package dev.asyncexample.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The one way to attach work to a CompletionStage that Pekko produced ({@code ask}, {@code
 * singleRequest}, {@code runWith}, {@code watchTermination}, ...): it hands the stage's outcome to
 * a plain CompletableFuture, completed on an executor we choose, and callbacks go on that.
 *
 * <p>Pekko's Java API returns Scala's CompletableFuture adapter, which runs even {@code thenApply}
 * and {@code whenComplete} callbacks asynchronously on {@code ForkJoinPool.commonPool()}. With
 * fewer than three cores (a 2-CPU container, say) that pool has parallelism 1, and
 * CompletableFuture then starts a new thread for every callback. {@code ThreadStartsTest} guards
 * every route against it.
 */
public final class StageBridge {

  /** Runs a callback on the thread that completed the stage: for short, non-blocking work only. */
  public static final Executor SAME_THREAD = Runnable::run;

  private StageBridge() {}

  /** {@code stage} as a plain CompletableFuture, completed on {@code executor}. */
  public static <T> CompletableFuture<T> completeOn(CompletionStage<T> stage, Executor executor) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    var unused =
        stage.whenCompleteAsync(
            (value, failure) -> {
              if (failure == null) {
                plain.complete(value);
              } else {
                plain.completeExceptionally(failure);
              }
            },
            executor);
    return plain;
  }
}
