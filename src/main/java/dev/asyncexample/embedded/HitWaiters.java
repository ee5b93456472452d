package dev.asyncexample.embedded;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/** Futures that complete when a counter reaches their target, so tests wait without polling. */
final class HitWaiters {

  private final Map<CompletableFuture<Integer>, Integer> waiting = new ConcurrentHashMap<>();

  CompletionStage<Integer> await(int target, IntSupplier current) {
    CompletableFuture<Integer> reached = new CompletableFuture<>();
    waiting.put(reached, target);
    // The counter may have passed the target before we registered.
    signal(current.getAsInt());
    return reached;
  }

  void signal(int count) {
    Iterator<Map.Entry<CompletableFuture<Integer>, Integer>> entries =
        waiting.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<CompletableFuture<Integer>, Integer> entry = entries.next();
      if (count >= entry.getValue()) {
        entries.remove();
        entry.getKey().complete(count);
      }
    }
  }
}
