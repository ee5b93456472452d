package dev.asyncexample.testing;

/** The local servers that service-backed tests talk to, at the addresses this machine runs them. */
public enum Service {
  POSTGRESQL("PostgreSQL", "127.0.0.1", 5432),
  REDIS("Redis", "127.0.0.1", 6379);

  private final String displayName;
  private final String host;
  private final int port;

  Service(String displayName, String host, int port) {
    this.displayName = displayName;
    this.host = host;
    this.port = port;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  @Override
  public String toString() {
    return displayName + " at " + host + ":" + port;
  }
}
