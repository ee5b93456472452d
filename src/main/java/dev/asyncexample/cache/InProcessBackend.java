package dev.asyncexample.cache;

import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.http.DependencyCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.util.ByteString;

/** The embedded default: the {@link InProcessCache} actor, asked with the cache timeout. */
final class InProcessBackend implements CacheBackend {

  private final ActorRef<InProcessCache.Command> cache;
  private final ActorSystem<?> system;
  private final Duration askTimeout;

  InProcessBackend(
      ActorRef<InProcessCache.Command> cache, ActorSystem<?> system, Duration timeout) {
    this.cache = cache;
    this.system = system;
    this.askTimeout = timeout;
  }

  @Override
  public String name() {
    return "in-process";
  }

  @Override
  public CompletionStage<Optional<ByteString>> get(String key) {
    return StageBridge.completeOn(
        AskPattern.ask(
            cache, replyTo -> new InProcessCache.Get(key, replyTo), askTimeout, system.scheduler()),
        system.executionContext());
  }

  @Override
  public CompletionStage<Void> put(String key, ByteString value, Duration ttl) {
    cache.tell(new InProcessCache.Put(key, value, ttl));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<DependencyCheck.State> state() {
    return CompletableFuture.completedFuture(DependencyCheck.State.up(name()));
  }
}
