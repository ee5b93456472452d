package dev.asyncexample.upstream;

import dev.asyncexample.http.ApiProblem;
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
    OVERLOADED(503);

    private final int status;

    Kind(int status) {
      this.status = status;
    }
  }

  private final Kind kind;

  public UpstreamException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public UpstreamException(Kind kind, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
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
}
