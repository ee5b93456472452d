package dev.asyncexample.cache;

import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.CacheMeters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.util.ByteString;

/**
 * Owns the in-process cache: at most {@code maxEntries} values, the least recently used evicted
 * first, each kept until its own expiry. An expired entry is never served, and is dropped when met.
 */
public final class InProcessCache extends AbstractBehavior<InProcessCache.Command> {

  /** Messages this actor understands. */
  public sealed interface Command {}

  /** Answers the fresh value under {@code key}, or empty. */
  public record Get(String key, ActorRef<Optional<ByteString>> replyTo) implements Command {}

  /** Keeps {@code value} under {@code key} for {@code ttl}, replacing what was there. */
  public record Put(String key, ByteString value, Duration ttl) implements Command {}

  /** Answers how many entries are held, expired ones not yet dropped included. */
  public record CountEntries(ActorRef<Integer> replyTo) implements Command {}

  private record Entry(ByteString value, long expiresAtNanos) {}

  private final LongSupplier nanoTime;
  private final Map<String, Entry> entries;
  private final CacheMeters meters;

  /**
   * A cache of at most {@code maxEntries} values, on the system clock, recording evictions and its
   * size in {@code meters}.
   */
  public static Behavior<Command> create(int maxEntries, CacheMeters meters) {
    return create(maxEntries, System::nanoTime, meters);
  }

  /**
   * As {@link #create(int, CacheMeters)}, with expiry measured on {@code nanoTime} (tests move it).
   */
  static Behavior<Command> create(int maxEntries, LongSupplier nanoTime) {
    return create(maxEntries, nanoTime, new CacheMeters(AppMetrics.discarding(), "in-process"));
  }

  /** As {@link #create(int, LongSupplier)}, recording evictions and its size in {@code meters}. */
  static Behavior<Command> create(int maxEntries, LongSupplier nanoTime, CacheMeters meters) {
    return Behaviors.setup(context -> new InProcessCache(context, maxEntries, nanoTime, meters));
  }

  private InProcessCache(
      ActorContext<Command> context, int maxEntries, LongSupplier nanoTime, CacheMeters meters) {
    super(context);
    this.nanoTime = nanoTime;
    this.meters = meters;
    // Access order: every hit moves its entry to the young end, so the eldest is the LRU one.
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            boolean full = size() > maxEntries;
            if (full) {
              meters.evicted();
            }
            return full;
          }
        };
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Get.class, this::onGet)
        .onMessage(Put.class, this::onPut)
        .onMessage(CountEntries.class, this::onCountEntries)
        .build();
  }

  private Behavior<Command> onGet(Get get) {
    Entry entry = entries.get(get.key());
    if (entry != null && nanoTime.getAsLong() - entry.expiresAtNanos() >= 0) {
      entries.remove(get.key());
      meters.size(entries.size());
      entry = null;
    }
    get.replyTo().tell(Optional.ofNullable(entry).map(Entry::value));
    return this;
  }

  private Behavior<Command> onPut(Put put) {
    entries.put(put.key(), new Entry(put.value(), nanoTime.getAsLong() + put.ttl().toNanos()));
    meters.size(entries.size());
    return this;
  }

  private Behavior<Command> onCountEntries(CountEntries query) {
    query.replyTo().tell(entries.size());
    return this;
  }
}
