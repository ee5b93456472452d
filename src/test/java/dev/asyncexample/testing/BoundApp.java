package dev.asyncexample.testing;

import dev.asyncexample.AsyncExampleApp;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole application bound on a free loopback port with its embedded upstream, for tests that
 * talk to it over raw sockets.
 */
public final class BoundApp implements AutoCloseable {

  private final AsyncExampleApp.Running app;
  private final int port;

  private BoundApp(AsyncExampleApp.Running app, int port) {
    this.app = app;
    this.port = port;
  }

  /** Starts the application with {@code overrides} (HOCON) over the test configuration. */
  public static BoundApp start(String overrides) throws Exception {
    AsyncExampleApp.Running app =
        AsyncExampleApp.start(
            TestConfig.with("async-example.upstream.base-url = embedded\n" + overrides));
    int port =
        app.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
    return new BoundApp(app, port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    app.system().terminate();
    try {
      app.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the application", e);
    }
  }
}
