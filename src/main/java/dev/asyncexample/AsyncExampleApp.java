package dev.asyncexample;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.asyncexample.cluster.ClusterMode;
import dev.asyncexample.config.InvalidSettingsException;
import dev.asyncexample.embedded.EmbeddedJsonPlaceholder;
import dev.asyncexample.embedded.EmbeddedSettings;
import dev.asyncexample.http.HttpServer;
import dev.asyncexample.lifecycle.ShutdownSignals;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.LoggerFactory;

/** Starts the API: reads settings, starts the embedded upstream if asked to, then the actors. */
public final class AsyncExampleApp {

  /** A started application: its ActorSystem, and its binding once it serves. */
  public record Running(ActorSystem<Void> system, CompletionStage<HttpServer.Binding> binding) {}

  private AsyncExampleApp() {}

  public static void main(String[] args) {
    // Logging is set up here, on one thread, before the actor systems, the database and the cache
    // clients start logging from theirs (SLF4J otherwise replays their first lines with a warning).
    LoggerFactory.getLogger(AsyncExampleApp.class)
        .info("Starting async-example on Java {}", Runtime.version());
    Running app;
    try {
      app = start(ConfigFactory.load());
    } catch (InvalidSettingsException e) {
      // One line naming the key, and no stack trace: it is the operator's input that is wrong.
      System.err.println("Invalid configuration: " + e.getMessage());
      System.exit(1);
      return;
    }
    ShutdownSignals.install(app.system());
  }

  /**
   * Starts the application with {@code config}; fails with {@link InvalidSettingsException} before
   * anything starts when a setting is bad.
   */
  public static Running start(Config config) {
    AppSettings settings = AppSettings.from(config);
    Upstream upstream = resolveUpstream(settings, config);
    CompletableFuture<HttpServer.Binding> bound = new CompletableFuture<>();
    ActorSystem<Void> system =
        ActorSystem.create(
            Guardian.create(settings, upstream.baseUrl(), bound),
            "async-example",
            ClusterMode.apply(config));
    upstream.stopWith(system);
    return new Running(system, bound);
  }

  /**
   * The upstream to call: the configured URL, or the embedded one, started here on a free loopback
   * port when the base URL is {@code embedded}. The caller thread waits for it to listen, so call
   * this from a thread that may block (main, Lambda's init), never from a dispatcher.
   */
  public static Upstream resolveUpstream(AppSettings settings, Config config) {
    Optional<EmbeddedJsonPlaceholder> embedded =
        settings.upstream().embedded() ? Optional.of(startEmbedded(config)) : Optional.empty();
    String baseUrl =
        embedded.map(EmbeddedJsonPlaceholder::baseUrl).orElse(settings.upstream().baseUrl());
    return new Upstream(baseUrl, embedded);
  }

  /** The upstream the application calls, and the embedded server behind it, if any. */
  public record Upstream(String baseUrl, Optional<EmbeddedJsonPlaceholder> embedded) {

    /** Stops the embedded upstream with {@code system}, after its own requests have drained. */
    public void stopWith(ActorSystem<?> system) {
      embedded.ifPresent(
          upstreamServer ->
              CoordinatedShutdown.get(system)
                  .addTask(
                      CoordinatedShutdown.PhaseServiceStop(),
                      "stop-embedded-upstream",
                      upstreamServer::stop));
    }
  }

  private static EmbeddedJsonPlaceholder startEmbedded(Config config) {
    EmbeddedSettings embedded = EmbeddedSettings.from(config);
    // Blocking here is fine: the caller's thread runs before any dispatcher runs our code.
    return EmbeddedJsonPlaceholder.start(
            "127.0.0.1", 0, embedded.posts(), embedded.latency(), config)
        .toCompletableFuture()
        .join();
  }
}
