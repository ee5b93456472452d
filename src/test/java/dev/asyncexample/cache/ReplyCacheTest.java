package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.http.DependencyCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lookups and stores over a backend whose behaviour the test decides. */
class ReplyCacheTest {

  private static final CacheSettings SETTINGS =
      new CacheSettings(
          true,
          "",
          "p:",
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          Duration.ofMillis(100),
          10);

  private static ActorTestKit testKit;

  /** A backend that records what is stored and answers lookups as told. */
  private static final class ScriptedBackend implements CacheBackend {
    record Stored(String key, String value, Duration ttl) {}

    final List<Stored> stored = new CopyOnWriteArrayList<>();
    final Function<String, CompletionStage<Optional<ByteString>>> lookups;

    ScriptedBackend(Function<String, CompletionStage<Optional<ByteString>>> lookups) {
      this.lookups = lookups;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public CompletionStage<Optional<ByteString>> get(String key) {
      return lookups.apply(key);
    }

    @Override
    public CompletionStage<Void> put(String key, ByteString value, Duration ttl) {
      stored.add(new Stored(key, value.utf8String(), ttl));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<DependencyCheck.State> state() {
      return CompletableFuture.completedFuture(DependencyCheck.State.up(name()));
    }
  }

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aLookupIsThePrefixedKey() throws Exception {
    ByteString cached = ByteString.fromString("{}");
    ReplyCache cache =
        over(
            key ->
                CompletableFuture.completedFuture(
                    key.equals("p:/posts?userId=1") ? Optional.of(cached) : Optional.empty()));

    assertThat(await(cache.lookup("/posts?userId=1"))).contains(cached);
    assertThat(await(cache.lookup("/posts/1"))).isEmpty();
  }

  @Test
  void aBackendThatNeverAnswersIsAMissWithinTheTimeout() throws Exception {
    ReplyCache cache = over(key -> new CompletableFuture<>());
    long start = System.nanoTime();

    assertThat(await(cache.lookup("/posts/1"))).isEmpty();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(90))
        .isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aFailingOrThrowingBackendIsAMiss() throws Exception {
    ReplyCache failing =
        over(key -> CompletableFuture.failedFuture(new IllegalStateException("down")));
    ReplyCache throwing =
        over(
            key -> {
              throw new IllegalStateException("broken");
            });

    assertThat(await(failing.lookup("/posts/1"))).isEmpty();
    assertThat(await(throwing.lookup("/posts/1"))).isEmpty();
  }

  @Test
  void aStoreKeepsTheValueUnderThePrefixedKeyForTheGivenTime() {
    ScriptedBackend backend = new ScriptedBackend(key -> new CompletableFuture<>());
    ReplyCache cache = ReplyCache.over(SETTINGS, backend, testKit.system());

    cache.store("/posts/1", ByteString.fromString("one"), Duration.ofSeconds(60));
    cache.store("/posts/999", ByteString.fromString("two"), Duration.ofSeconds(10));

    assertThat(backend.stored)
        .containsExactly(
            new ScriptedBackend.Stored("p:/posts/1", "one", Duration.ofSeconds(60)),
            new ScriptedBackend.Stored("p:/posts/999", "two", Duration.ofSeconds(10)));
  }

  @Test
  void aDisabledCacheLooksNothingUpAndReportsOff() throws Exception {
    ReplyCache disabled = ReplyCache.disabled();

    assertThat(disabled.enabled()).isFalse();
    assertThat(await(disabled.lookup("/posts/1"))).isEmpty();
    assertThat(await(disabled.check().check()))
        .isEqualTo(new DependencyCheck.State("disabled", "off", null));
  }

  private static ReplyCache over(Function<String, CompletionStage<Optional<ByteString>>> lookups) {
    return ReplyCache.over(SETTINGS, new ScriptedBackend(lookups), testKit.system());
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
