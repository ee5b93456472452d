package dev.asyncexample.cache;

import dev.asyncexample.http.DependencyCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.util.ByteString;

/**
 * Where cached values are kept. Implementations complete their stages on the ActorSystem's
 * dispatcher, never on a thread of their own.
 */
interface CacheBackend {

  /** What serves the cache, as {@code /ready} reports it: {@code redis} or {@code in-process}. */
  String name();

  /** The fresh entry under {@code key}, empty when there is none; may fail or be slow. */
  CompletionStage<Optional<ByteString>> get(String key);

  /** Keeps {@code value} under {@code key} for {@code ttl}; completes once stored, or fails. */
  CompletionStage<Void> put(String key, ByteString value, Duration ttl);

  /** The state {@code /ready} reports. */
  CompletionStage<DependencyCheck.State> state();
}
