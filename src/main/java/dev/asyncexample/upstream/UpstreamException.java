package dev.asyncexample.upstream;

import dev.asyncexample.http.ApiProblem;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** The upstream could not give a usable answer; {@link #status()} is what our client should see. */
public final class UpstreamException extends RuntimeException implements ApiProblem {
  private static final long serialVersionUID = 1L;

  /** Why the call failed, each with the status our API answers. */
  public enum Kind {
    /** Unreachable, reset, 5xx, or a body we cannot read. */
    BAD_GATEWAY(502),
    /** No full answer within the upstream timeout. */
    TIMEOUT(504),
    /** Our connection pool is full; retrying later can succeed. */
    OVERLOADED(503),
    /** The circuit breaker is open: the upstream failed repeatedly and is not called for now. */
    UNAVAILABLE(503);

    private final int status;

    Kind(int status) {
      this.status = status;
    }
  }

  /** A 503 tells clients when to try again; a second when we cannot know better. */
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  private final Kind kind;
  private final Duration retryAfter;

  public UpstreamException(Kind kind, String message) {
    this(kind, message, null);
  }

  public UpstreamException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, DEFAULT_RETRY_AFTER);
  }

  UpstreamException(Kind kind, String message, Throwable cause, Duration retryAfter) {
    super(message, cause, false, false);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public StatusCode status() {
    return StatusCodes.get(kind.status);
  }

  @Override
  public String detail() {
    return getMessage();
  }

  @Override
  public Optional<Duration> retryAfter() {
    return status().intValue() == 503 ? Optional.of(retryAfter) : Optional.empty();
  }

  @Override
  public boolean logged() {
    // The breaker logs its opening once; each request it turns away is not worth a line.
    return kind != Kind.UNAVAILABLE;
  }
}
