package dev.asyncexample.embedded;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.config.InvalidSettingsException;
import dev.asyncexample.lifecycle.ShutdownSignals;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.LoggerFactory;

/**
 * Runs a JSONPlaceholder-compatible server for {@link PostCatalog}'s posts (with users, comments
 * and todos to match, see {@link CatalogRoutes}) on a port of its own, in an ActorSystem of its
 * own, so its connections are as real as a remote upstream's.
 */
public final class EmbeddedJsonPlaceholder implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final ServerBinding binding;

  private EmbeddedJsonPlaceholder(ActorSystem<Void> system, ServerBinding binding) {
    this.system = system;
    this.binding = binding;
  }

  /**
   * Starts a server on {@code host:port} (0 for any free port) serving {@code posts} posts, each
   * answer sent {@code latency} after its request arrived.
   */
  public static CompletionStage<EmbeddedJsonPlaceholder> start(
      String host, int port, int posts, Duration latency, Config config) {
    Route route = new CatalogRoutes(new PostCatalog(posts), latency).route();
    ActorSystem<Void> system = newSystem(config);
    return StageBridge.completeOn(
            Http.get(system).newServerAt(host, port).bind(route), StageBridge.SAME_THREAD)
        .handle(
            (bound, failure) -> {
              if (failure != null) {
                system.terminate();
                throw new IllegalStateException("cannot bind the embedded upstream", failure);
              }
              return new EmbeddedJsonPlaceholder(system, bound);
            });
  }

  /** The upstream's own ActorSystem, so its connections are as real as a remote upstream's. */
  static ActorSystem<Void> newSystem(Config config) {
    // Stopping the upstream must never exit the JVM it shares with the application or a test.
    Config ownConfig =
        ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = off").withFallback(config);
    return ActorSystem.create(Behaviors.empty(), "embedded-jsonplaceholder", ownConfig);
  }

  /**
   * Runs the embedded upstream on its own, e.g. as an upstream for other tools or benchmarks; with
   * the control setting on, as a {@link ControllableUpstream} switched through its control port.
   */
  public static void main(String[] args) {
    Config config = ConfigFactory.load();
    EmbeddedSettings settings;
    try {
      settings = EmbeddedSettings.from(config);
    } catch (InvalidSettingsException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (settings.control()) {
      ControlServer.run(settings, config);
      return;
    }
    EmbeddedJsonPlaceholder upstream =
        start(settings.host(), settings.port(), settings.posts(), settings.latency(), config)
            .toCompletableFuture()
            .join();
    ShutdownSignals.install(upstream.system);
    LoggerFactory.getLogger(EmbeddedJsonPlaceholder.class)
        .info(
            "Embedded JSONPlaceholder serving {} posts on {}, {} ms latency",
            settings.posts(),
            upstream.baseUrl(),
            settings.latency().toMillis());
  }

  /** For example {@code http://127.0.0.1:41234}, no trailing slash. */
  public String baseUrl() {
    return "http://"
        + binding.localAddress().getAddress().getHostAddress()
        + ":"
        + binding.localAddress().getPort();
  }

  public CompletionStage<Done> stop() {
    system.terminate();
    return system.getWhenTerminated();
  }

  @Override
  public void close() {
    stop().toCompletableFuture().join();
  }
}
