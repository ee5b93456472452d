package dev.asyncexample.config;

/** A configuration value that cannot be used; the message names the key. */
public final class InvalidSettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidSettingsException(String message) {
    super(message);
  }

  public InvalidSettingsException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Fails with "path: problem (was value)" unless {@code ok}. */
  public static void require(boolean ok, String path, String problem, Object value) {
    if (!ok) {
      throw new InvalidSettingsException(path + ": " + problem + " (was " + value + ")");
    }
  }
}
