package dev.asyncexample.store;

/** The database could not serve a query: unreachable, not migrated yet, or out of connections. */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
