package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.metrics.CacheMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process cache actor alone, on a clock the test moves. */
class InProcessCacheTest {

  private static final Duration TTL = Duration.ofSeconds(60);

  private static ActorTestKit testKit;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void servesAnEntryUntilItsOwnExpiry() {
    ActorRef<InProcessCache.Command> cache = cache(10);
    cache.tell(new InProcessCache.Put("/posts/1", reply("one"), TTL));
    cache.tell(new InProcessCache.Put("/posts/2", reply("two"), Duration.ofSeconds(5)));
    assertThat(count(cache)).isEqualTo(2);

    advance(Duration.ofSeconds(5).minusNanos(1));
    assertThat(get(cache, "/posts/1")).contains(reply("one"));
    assertThat(get(cache, "/posts/2")).contains(reply("two"));

    advance(Duration.ofNanos(1));
    assertThat(get(cache, "/posts/2")).isEmpty();
    assertThat(get(cache, "/posts/1")).contains(reply("one"));
    assertThat(count(cache)).as("the expired entry is dropped when met").isEqualTo(1);
  }

  @Test
  void evictsTheLeastRecentlyUsedEntryWhenFull() {
    ActorRef<InProcessCache.Command> cache = cache(2);
    cache.tell(new InProcessCache.Put("a", reply("a"), TTL));
    cache.tell(new InProcessCache.Put("b", reply("b"), TTL));
    assertThat(get(cache, "a")).isPresent();

    cache.tell(new InProcessCache.Put("c", reply("c"), TTL));

    assertThat(get(cache, "b")).isEmpty();
    assertThat(get(cache, "a")).contains(reply("a"));
    assertThat(get(cache, "c")).contains(reply("c"));
    assertThat(count(cache)).isEqualTo(2);
  }

  @Test
  void countsEvictionsAndItsSize() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ActorRef<InProcessCache.Command> cache =
        testKit.spawn(
            InProcessCache.create(2, now::get, new CacheMeters(registry, "in-process").withSize()));
    for (String key : new String[] {"a", "b", "c", "d"}) {
      cache.tell(new InProcessCache.Put(key, reply(key), TTL));
    }
    assertThat(count(cache)).isEqualTo(2);

    assertThat(registry.get("cache.evictions").counter().count()).isEqualTo(2.0);
    assertThat(registry.get("cache.size").gauge().value()).isEqualTo(2.0);
  }

  @Test
  void aPutReplacesTheEntryAndItsExpiry() {
    ActorRef<InProcessCache.Command> cache = cache(10);
    cache.tell(new InProcessCache.Put("/posts/3", reply("old"), Duration.ofSeconds(1)));
    assertThat(count(cache)).isEqualTo(1);
    advance(Duration.ofMillis(900));
    cache.tell(new InProcessCache.Put("/posts/3", reply("new"), Duration.ofSeconds(1)));
    assertThat(count(cache)).as("replaced, not added").isEqualTo(1);

    advance(Duration.ofMillis(500));

    assertThat(get(cache, "/posts/3")).contains(reply("new"));
  }

  private ActorRef<InProcessCache.Command> cache(int maxEntries) {
    return testKit.spawn(InProcessCache.create(maxEntries, now::get));
  }

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  private static ByteString reply(String body) {
    return ByteString.fromString(body);
  }

  private static Optional<ByteString> get(ActorRef<InProcessCache.Command> cache, String key) {
    TestProbe<Optional<ByteString>> probe = testKit.createTestProbe();
    cache.tell(new InProcessCache.Get(key, probe.getRef()));
    return probe.receiveMessage();
  }

  /** Asked after the puts from this thread, so answered after they were handled. */
  private static int count(ActorRef<InProcessCache.Command> cache) {
    TestProbe<Integer> probe = testKit.createTestProbe();
    cache.tell(new InProcessCache.CountEntries(probe.getRef()));
    return probe.receiveMessage();
  }
}
