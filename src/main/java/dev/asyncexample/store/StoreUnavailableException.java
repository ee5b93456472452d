package dev.asyncexample.store;

import dev.asyncexample.http.ApiProblem;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** The database could not serve a query: unreachable, not migrated yet, or out of connections. */
public final class StoreUnavailableException extends RuntimeException implements ApiProblem {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  @Override
  public StatusCode status() {
    return StatusCodes.SERVICE_UNAVAILABLE;
  }

  /** What failed is in the log; the client only needs to know the bookmarks cannot be served. */
  @Override
  public String detail() {
    return "Database unavailable";
  }
}
