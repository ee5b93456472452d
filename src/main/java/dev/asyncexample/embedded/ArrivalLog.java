package dev.asyncexample.embedded;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;

/**
 * What reached a {@link ControllableUpstream}: hits per path and query, and the latest request ids,
 * {@code traceparent} headers and arrival times. Capped, so a soak test or a long demo does not
 * grow it without bound (only the total keeps counting past the caps).
 */
final class ArrivalLog {

  private static final int MAX_PATHS_COUNTED = 10_000;
  private static final int MAX_REQUEST_IDS_KEPT = 1_000;

  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicInteger totalHits = new AtomicInteger();
  private final HitWaiters hitWaiters = new HitWaiters();
  private final Map<String, CompletableFuture<Done>> awaitedIds = new ConcurrentHashMap<>();
  private final Queue<String> requestIds = new ArrayBlockingQueue<>(MAX_REQUEST_IDS_KEPT);
  private final Queue<String> traceparents = new ArrayBlockingQueue<>(MAX_REQUEST_IDS_KEPT);
  private final Queue<Arrival> arrivals = new ArrayBlockingQueue<>(MAX_REQUEST_IDS_KEPT);

  void record(String pathAndQuery, String requestId, String traceparent) {
    Arrival arrival = new Arrival(pathAndQuery, System.nanoTime());
    AtomicInteger count = hits.get(pathAndQuery);
    if (count == null && hits.size() < MAX_PATHS_COUNTED) {
      count = hits.computeIfAbsent(pathAndQuery, k -> new AtomicInteger());
    }
    if (count != null) {
      count.incrementAndGet();
    }
    while (!requestIds.offer(requestId)) {
      requestIds.poll();
    }
    while (!traceparents.offer(traceparent)) {
      traceparents.poll();
    }
    while (!arrivals.offer(arrival)) {
      arrivals.poll();
    }
    CompletableFuture<Done> awaited = awaitedIds.remove(requestId);
    if (awaited != null) {
      awaited.complete(Done.getInstance());
    }
    hitWaiters.signal(totalHits.incrementAndGet());
  }

  int hits(String pathAndQuery) {
    AtomicInteger count = hits.get(pathAndQuery);
    return count == null ? 0 : count.get();
  }

  int totalHits() {
    return totalHits.get();
  }

  CompletionStage<Integer> awaitHits(int count) {
    return hitWaiters.await(count, totalHits::get);
  }

  List<String> requestIds() {
    return List.copyOf(requestIds);
  }

  List<String> traceparents() {
    return List.copyOf(traceparents);
  }

  List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  CompletionStage<Done> awaitRequest(String requestId) {
    CompletableFuture<Done> arrived =
        awaitedIds.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    // Registered before looking, and recorded before notifying, so no arrival is missed.
    if (requestIds.contains(requestId)) {
      awaitedIds.remove(requestId);
      arrived.complete(Done.getInstance());
    }
    return arrived;
  }

  void clear() {
    hits.clear();
    requestIds.clear();
    traceparents.clear();
    arrivals.clear();
    totalHits.set(0);
  }
}
