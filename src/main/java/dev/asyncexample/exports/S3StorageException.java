package dev.asyncexample.exports;

import dev.asyncexample.http.ApiProblem;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * S3 could not do what an export needed: unreachable, refusing, or failing. {@link #status()} is
 * what our client sees: 503 when S3 asks us to slow down or is unavailable, 502 otherwise.
 */
public final class S3StorageException extends RuntimeException implements ApiProblem {
  private static final long serialVersionUID = 1L;

  private final int status;

  S3StorageException(int status, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
  }

  @Override
  public StatusCode status() {
    return StatusCodes.get(status);
  }

  @Override
  public String detail() {
    return getMessage();
  }
}
