package dev.asyncexample.faults;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.testing.TestConfig;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.slf4j.LoggerFactory;

/**
 * The whole application bound to a free loopback port, as {@code java -jar} would run it. While it
 * runs, the per-request warnings of an upstream or store that is failing on purpose are muted;
 * errors still show.
 */
final class BoundApp implements AutoCloseable {

  private static final Logger PROBLEMS =
      (Logger) LoggerFactory.getLogger("dev.asyncexample.http.Problems");

  /** The controllable upstream logs each reset it was told to cause. */
  private static final Logger UPSTREAM =
      (Logger) LoggerFactory.getLogger("dev.asyncexample.embedded.UpstreamListener");

  private final AsyncExampleApp.Running app;
  private final int port;
  private final Level problemsBefore;

  private BoundApp(AsyncExampleApp.Running app, int port, Level problemsBefore) {
    this.app = app;
    this.port = port;
    this.problemsBefore = problemsBefore;
  }

  /** Starts it with {@code config} (HOCON) over the tests' base configuration. */
  static BoundApp start(String config) throws Exception {
    Level before = PROBLEMS.getLevel();
    PROBLEMS.setLevel(Level.ERROR);
    UPSTREAM.setLevel(Level.OFF);
    AsyncExampleApp.Running app = AsyncExampleApp.start(TestConfig.with(config));
    int port =
        app.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
    return new BoundApp(app, port, before);
  }

  int port() {
    return port;
  }

  /** Starts a graceful stop, as SIGTERM does. */
  void beginShutdown() {
    var unused = CoordinatedShutdown.get(app.system()).runAll(CoordinatedShutdown.unknownReason());
  }

  /** Completes when the application has stopped (after a shutdown it began itself too). */
  java.util.concurrent.CompletableFuture<?> terminated() {
    return app.system().getWhenTerminated().toCompletableFuture();
  }

  @Override
  public void close() {
    app.system().terminate();
    terminated().orTimeout(40, TimeUnit.SECONDS).join();
    PROBLEMS.setLevel(problemsBefore);
    UPSTREAM.setLevel(null);
  }
}
