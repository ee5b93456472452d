package dev.asyncexample.cache;

import dev.asyncexample.http.DependencyCheck;
import dev.asyncexample.upstream.UpstreamReply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where cached upstream answers are kept. Implementations complete their stages on the
 * ActorSystem's dispatcher, never on a thread of their own.
 */
interface CacheBackend {

  /** What serves the cache, as {@code /ready} reports it: {@code redis} or {@code in-process}. */
  String name();

  /** The fresh entry under {@code key}, empty when there is none; may fail or be slow. */
  CompletionStage<Optional<UpstreamReply>> get(String key);

  /** Keeps {@code reply} under {@code key} for {@code ttl}; completes once stored, or fails. */
  CompletionStage<Void> put(String key, UpstreamReply reply, Duration ttl);

  /** The state {@code /ready} reports. */
  CompletionStage<DependencyCheck.State> state();
}
