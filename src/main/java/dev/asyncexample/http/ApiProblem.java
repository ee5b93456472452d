package dev.asyncexample.http;

import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCode;

/**
 * A failure that knows how the API answers it. Features' exceptions implement this, so the error
 * handler renders them as {@code {"detail": ...}} without knowing any feature.
 */
public interface ApiProblem {

  /** The status our client gets. */
  StatusCode status();

  /** The {@code detail} our client reads: plain words, never a library's internals. */
  String detail();

  /**
   * Whether each occurrence is worth a WARN line with its cause: yes for failures of what we depend
   * on (an upstream, a store), no for a client's request for something that is not there.
   */
  default boolean logged() {
    return true;
  }

  /** When a client may try again, sent as {@code Retry-After}; for 503s, mostly. */
  default Optional<Duration> retryAfter() {
    return Optional.empty();
  }
}
