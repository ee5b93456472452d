package dev.asyncexample.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Bridges Pekko's CompletionStages into plain CompletableFutures.
 *
 * <p>Pekko's Java API returns Scala's CompletableFuture adapter, which runs even {@code thenApply}
 * and {@code handle} callbacks asynchronously on {@code ForkJoinPool.commonPool()}. With fewer than
 * three cores (a 2-CPU container, say) that pool has parallelism 1, and CompletableFuture then
 * starts a new thread for every callback. Bridging once, on an executor we choose, avoids both.
 */
public final class Stages {

  /** Runs a callback on the thread that completed the stage: for short, non-blocking work only. */
  public static final Executor SAME_THREAD = Runnable::run;

  private Stages() {}

  /** {@code stage} as a plain CompletableFuture, completed on {@code executor}. */
  public static <T> CompletableFuture<T> plain(CompletionStage<T> stage, Executor executor) {
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
