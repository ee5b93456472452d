package dev.asyncexample.concurrent;

/** Names of the dispatchers configured in {@code application.conf}, for whoever runs work there. */
public final class Dispatchers {

  /**
   * Where blocking calls run (JDBC for the migrations, the S3 SDK's blocking steps), never on the
   * dispatchers that serve requests.
   */
  public static final String BLOCKING = "async-example.blocking-dispatcher";

  private Dispatchers() {}
}
